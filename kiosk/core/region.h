/*
 * region.h - province-level administrative division codes (GB/T 2260), the
 * first two digits of a region code in credit codes and ID numbers.
 */
#ifndef CK_CORE_REGION_H
#define CK_CORE_REGION_H

#include <stdbool.h>

/* true if the two digits at code name a province-level division (11..82). */
bool region_is_province(const char *code);
/* The province's name ("四川省"), or NULL when unknown. */
const char *region_province_name(const char *code);

#endif
