/*
 * date.h - civil (calendar) dates in the proleptic Gregorian calendar.
 *
 * The rules of the CA count whole days in the kiosk's time zone ("from 60
 * days before expiry"), so the core works on dates, not on timestamps. All
 * arithmetic goes through a day number (days since 1970-01-01), which makes
 * month lengths and leap years one function's business.
 */
#ifndef CK_CORE_DATE_H
#define CK_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ck_date {
    int y; /* 1..9999 */
    int m; /* 1..12 */
    int d; /* 1..31 */
} ck_date;

/* true if y-m-d names a real day (1 <= y <= 9999). */
bool date_valid(int y, int m, int d);
bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);

/* Day number: days since 1970-01-01 (negative before it). date must be valid. */
int64_t date_to_days(ck_date date);
ck_date date_from_days(int64_t days);

/* The local date at instant t (seconds since the epoch, UTC) for a fixed offset. */
ck_date date_from_unix(int64_t t, int32_t utc_offset_s);
/* The instant of local midnight starting date. */
int64_t date_to_unix(ck_date date, int32_t utc_offset_s);

ck_date date_add_days(ck_date date, int64_t days);
/* Same month and day `years` later; 29 February becomes 28 February. */
ck_date date_add_years(ck_date date, int years);
/* b - a in days. */
int64_t date_diff_days(ck_date a, ck_date b);
int date_cmp(ck_date a, ck_date b);

/* Parses exactly "YYYY-MM-DD" (a real day). Returns false otherwise. */
bool date_parse(const char *s, ck_date *out);
/* Writes "YYYY-MM-DD" and a NUL: buf must hold 11 bytes. */
void date_format(ck_date date, char buf[11]);

#endif
