/*
 * date.c - civil date arithmetic. The day-number conversions are Howard
 * Hinnant's well-known days_from_civil / civil_from_days algorithms, which
 * are exact over the whole proleptic Gregorian calendar without tables.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

bool date_is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return (m == 2 && date_is_leap_year(y)) ? 29 : days[m - 1];
}

bool date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int64_t date_to_days(ck_date date)
{
    int64_t y = date.y - (date.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (date.m + 9) % 12; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + date.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

ck_date date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    ck_date out;
    out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    out.y = (int)(yoe + era * 400 + (out.m <= 2));
    return out;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

ck_date date_from_unix(int64_t t, int32_t utc_offset_s) { return date_from_days(floor_div(t + utc_offset_s, 86400)); }

int64_t date_to_unix(ck_date date, int32_t utc_offset_s) { return date_to_days(date) * 86400 - utc_offset_s; }

ck_date date_add_days(ck_date date, int64_t days) { return date_from_days(date_to_days(date) + days); }

ck_date date_add_years(ck_date date, int years)
{
    ck_date out = {date.y + years, date.m, date.d};
    int last = date_days_in_month(out.y, out.m);
    if (out.d > last)
        out.d = last;
    return out;
}

int64_t date_diff_days(ck_date a, ck_date b) { return date_to_days(b) - date_to_days(a); }

int date_cmp(ck_date a, ck_date b)
{
    int64_t da = date_to_days(a), db = date_to_days(b);
    return (da > db) - (da < db);
}

bool date_parse(const char *s, ck_date *out)
{
    int y, m, d;
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!date_valid(y, m, d))
        return false;
    out->y = y;
    out->m = m;
    out->d = d;
    return true;
}

void date_format(ck_date date, char buf[11])
{
    /* The modulos keep the output in 10 characters even for an invalid date. */
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)date.y % 10000u, (unsigned)date.m % 100u, (unsigned)date.d % 100u);
}
