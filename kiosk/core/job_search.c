/* job_search.c - a clerk's search box against one job (job_search.h). */
#include <ctype.h>
#include <string.h>

#include "job_search.h"

/* Copies s without spaces and dashes, upper-cased (ASCII only; other bytes kept), into out. */
static void fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s != NULL && *s != '\0' && n + 1 < cap; s++)
        if (*s != ' ' && *s != '-')
            out[n++] = (char)toupper((unsigned char)*s);
    out[n] = '\0';
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

bool job_search_match(const char *query, const char *uuid, const char *org_name, const char *uscc)
{
    char q[300], u[64], c[64];
    const char *p = query;
    while (p != NULL && *p == ' ')
        p++;
    if (p == NULL || *p == '\0')
        return true;
    fold(p, q, sizeof q);
    fold(uuid, u, sizeof u);
    fold(uscc, c, sizeof c);
    /* A number: the start of the job's UUID (at least 4 characters, as short forms are 8) or of its credit code. */
    if (strlen(q) >= 4 && (starts_with(u, q) || (c[0] != '\0' && starts_with(c, q))))
        return true;
    /* A name: any part of it, as typed (Chinese names have no case). */
    return org_name != NULL && strstr(org_name, p) != NULL;
}
