/*
 * ref_faults.c - what the reference upstream can do wrong on purpose, so the
 * kiosk's sync client is tested against the failures a real upstream and the
 * network between have (in the spirit of SQLite's test_syscall.c and curl's
 * torture mode): slow answers, refusals (503 busy), work committed but the
 * connection dropped, work committed but the answer corrupted on the way,
 * and the process killed right after a commit. All choices come from one
 * seeded generator (--seed), so a failing run can be repeated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ref.h"

#define OVERSIZED (2u * 1024 * 1024)

void ref_faults_seed(struct ref_faults *f, uint64_t seed)
{
    f->rng = seed != 0 ? seed : UINT64_C(0x9E3779B97F4A7C15); /* xorshift needs a non-zero state */
}

/* xorshift64* (Vigna): small, fast and good enough to choose faults. */
static uint64_t next(struct ref_faults *f)
{
    uint64_t x = f->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    f->rng = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

bool ref_faults_roll(struct ref_faults *f, int pct)
{
    if (pct <= 0)
        return false; /* no draw: switching one fault on does not move the others' choices */
    return (int)((next(f) >> 32) % 100) < pct;
}

bool ref_faults_refuse(struct ref_faults *f, ref_answer *a)
{
    if (!ref_faults_roll(f, f->fail_pct))
        return false;
    ref_answer_error(a, 503, "busy", "上游繁忙，请稍后再试", "the upstream is busy, try again later", true);
    a->retry_after = true;
    return true;
}

void ref_faults_after_commit(struct ref_faults *f, ref_answer *a)
{
    if (ref_faults_roll(f, f->crash_pct)) {
        fprintf(stderr, "upstream_ref: crashing after the commit (--crash-after-commit-percent)\n");
        _exit(137); /* as if killed: no cleanup, no answer */
    }
    if (ref_faults_roll(f, f->drop_pct))
        a->drop = true;
}

/* The real answer's text cut in half: JSON that ends mid-way. */
static void truncated(ref_answer *a)
{
    char *text = a->raw == NULL && a->json != NULL ? cJSON_PrintUnformatted(a->json) : NULL;
    if (text != NULL)
        ref_answer_raw(a, 200, "application/json", text, strlen(text) / 2);
    else if (a->raw != NULL)
        a->raw_len /= 2;
    else
        ref_answer_raw(a, 200, "application/json", "{\"res", 5);
    cJSON_free(text);
}

/* 2 MiB of valid JSON: an answer over the protocol's 1 MiB limit. */
static void oversized(ref_answer *a)
{
    static const char head[] = "{\"pad\":\"", tail[] = "\"}";
    char *body = malloc(OVERSIZED);
    if (body == NULL) {
        ref_answer_internal(a, "out of memory garbling an answer");
        return;
    }
    memset(body, 'A', OVERSIZED);
    memcpy(body, head, sizeof head - 1);
    memcpy(body + OVERSIZED - (sizeof tail - 1), tail, sizeof tail - 1);
    ref_answer_clear(a);
    a->status = 200;
    a->raw = body; /* taken as is: ref_answer_raw would copy 2 MiB again */
    a->raw_len = OVERSIZED;
    a->content_type = "application/json";
}

void ref_faults_garble(struct ref_faults *f, ref_garble_kind kind, ref_answer *a)
{
    static const char *const wrong_type[] = {
        [REF_GARBLE_NONE] = "{}",
        [REF_GARBLE_JOBS] = "{\"results\": \"yes\"}",
        [REF_GARBLE_CHANGES] = "{\"changes\": 5, \"next\": \"x\"}",
        [REF_GARBLE_PAYMENTS] = "{\"trade_state\": 7}",
    };
    static const char html[] = "<html>502 Bad Gateway</html>";
    if (kind == REF_GARBLE_NONE || a->drop || a->status == 0 || !ref_faults_roll(f, f->garble_pct))
        return;
    switch (f->garble_next++ % 5) {
    case 0: truncated(a); break;
    case 1: ref_answer_raw(a, 200, "text/html", html, sizeof html - 1); break;
    case 2: ref_answer_raw(a, 200, "application/json", wrong_type[kind], strlen(wrong_type[kind])); break;
    case 3: ref_answer_raw(a, 200, "application/json", "", 0); break;
    default: oversized(a); break;
    }
    a->status = 200;
    a->retry_after = false;
}
