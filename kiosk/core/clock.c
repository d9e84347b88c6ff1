/* clock.c - the fixed clock and time zone / instant parsing. */
#include "clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int64_t fixed_now(void *ctx) { return *(const int64_t *)ctx; }

ck_clock clock_fixed(int64_t *instant, int32_t utc_offset_s)
{
    return (ck_clock){.now = fixed_now, .ctx = instant, .utc_offset_s = utc_offset_s};
}

static bool two_digits(const char *p, int *out)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return false;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return true;
}

ck_err clock_parse_timezone(const char *name, int32_t *utc_offset_s)
{
    static const struct {
        const char *name;
        int32_t offset;
    } zones[] = {
        {"Asia/Shanghai", 8 * 3600},
        {"PRC", 8 * 3600},
        {"Asia/Chongqing", 8 * 3600},
        {"Asia/Harbin", 8 * 3600},
        {"Asia/Hong_Kong", 8 * 3600},
        {"Asia/Macau", 8 * 3600},
        {"Asia/Taipei", 8 * 3600},
        {"UTC", 0},
        {"Etc/UTC", 0},
    };
    int hh, mm;
    if (name == NULL || utc_offset_s == NULL)
        return CK_E_ARG;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        if (strcmp(name, zones[i].name) == 0) {
            *utc_offset_s = zones[i].offset;
            return CK_OK;
        }
    }
    if (strlen(name) == 9 && strncmp(name, "UTC", 3) == 0 && (name[3] == '+' || name[3] == '-') &&
        two_digits(name + 4, &hh) && name[6] == ':' && two_digits(name + 7, &mm) && hh <= 14 && mm < 60) {
        *utc_offset_s = (name[3] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
        return CK_OK;
    }
    return CK_E_ARG;
}

ck_err clock_parse_instant(const char *s, int32_t utc_offset_s, int64_t *out)
{
    char datepart[11];
    ck_date date;
    int hh = 0, mi = 0, ss = 0;
    if (s == NULL || out == NULL)
        return CK_E_ARG;
    if (s[0] == '@') {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(s + 1, &end, 10);
        if (errno != 0 || end == s + 1 || *end != '\0')
            return CK_E_ARG;
        *out = v;
        return CK_OK;
    }
    if (strlen(s) != 10 && strlen(s) != 19)
        return CK_E_ARG;
    memcpy(datepart, s, 10);
    datepart[10] = '\0';
    if (!date_parse(datepart, &date))
        return CK_E_ARG;
    if (strlen(s) == 19) {
        if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || !two_digits(s + 11, &hh) || !two_digits(s + 14, &mi) ||
            !two_digits(s + 17, &ss) || hh > 23 || mi > 59 || ss > 59)
            return CK_E_ARG;
    }
    *out = date_to_unix(date, utc_offset_s) + hh * 3600 + mi * 60 + ss;
    return CK_OK;
}
