/*
 * faq.h - the questions customers ask, answered in the words of the CA's
 * guide (shared/seed, 四、常见问题 and the service chapters), in Chinese and
 * English. The kiosk's 常见问题 screen pages through this table; error
 * screens can point at an entry by its code.
 *
 * Hotline numbers are not written into the answers: "{ca_hotline}" and
 * "{platform_hotline}" stand for the numbers in certkiosk.ini, filled in by
 * faq_format, so a changed number is changed everywhere.
 */
#ifndef CK_CORE_FAQ_H
#define CK_CORE_FAQ_H

#include <stddef.h>

typedef struct ck_faq {
    const char *code; /* stable: "pin-initial", "seal-needs-upgrade", ... */
    const char *q_zh, *q_en;
    const char *a_zh, *a_en; /* may contain {ca_hotline} and {platform_hotline} */
} ck_faq;

/* Number of entries. */
size_t faq_count(void);
/* Entry i (0 <= i < faq_count()); never NULL for a valid index. */
const ck_faq *faq_get(size_t i);
/* The entry with this code, or NULL. */
const ck_faq *faq_find(const char *code);

/*
 * Copies text to out with "{ca_hotline}" and "{platform_hotline}" replaced.
 * Always NUL-terminates (cap > 0); returns the length the full result needs,
 * so a return >= cap means it was cut (never inside a UTF-8 sequence).
 */
size_t faq_format(const char *text, const char *ca_hotline, const char *platform_hotline, char *out, size_t cap);

#endif
