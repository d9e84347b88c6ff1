/*
 * ini_schema.c - the inih handler that applies an ini_key table.
 *
 * inih reports the line of the first error as its return value but does not
 * pass line numbers to the handler, so the handler keeps the first reason and
 * ini_schema_parse joins the two.
 */
#include "ini_schema.h"

#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "money.h"

struct parse_state {
    const ini_key *keys;
    size_t n_keys;
    void *target;
    bool seen[INI_MAX_KEYS];
    bool failed;
    ck_diag reason; /* the first content error, without the line */
};

/*
 * Keeps the first content error (later ones would only repeat its cause) and
 * tells inih the line failed. A macro, so the format literals stay at each
 * call where the compiler checks them against a and b.
 */
#define FAIL(st, zh_fmt, en_fmt, a, b)                                                                                 \
    ((st)->failed ? 0 : ((st)->failed = true, ck_diag_fail(&(st)->reason, CK_E_CONFIG, zh_fmt, en_fmt, a, b), 0))

/* true if value is one of the space-separated words of choices. */
static bool is_choice(const char *choices, const char *value)
{
    size_t len = strlen(value);
    for (const char *p = choices; *p != '\0';) {
        size_t w = strcspn(p, " ");
        if (w == len && strncmp(p, value, len) == 0)
            return true;
        p += w;
        p += strspn(p, " ");
    }
    return false;
}

static int set_value(struct parse_state *st, const ini_key *k, const char *value)
{
    char *field = (char *)st->target + k->offset;
    size_t len = strlen(value);
    switch (k->type) {
    case INI_T_STRING:
        if (len >= k->size || (long)len > k->max || (long)len < k->min)
            return FAIL(st, "“%s”的长度不符合要求（%s）", "the length of '%s' is not allowed (%s)", k->name, k->what);
        if (k->choices != NULL && !is_choice(k->choices, value))
            return FAIL(st, "“%s”应为以下之一：%s", "'%s' must be one of: %s", k->name, k->choices);
        memcpy(field, value, len + 1);
        return 1;
    case INI_T_INT: {
        char *end;
        long v;
        errno = 0;
        v = strtol(value, &end, 10);
        if (errno != 0 || end == value || *end != '\0' || v < k->min || v > k->max)
            return FAIL(st, "“%s”应为范围内的整数（%s）", "'%s' must be a whole number in range (%s)", k->name,
                        k->what);
        *(int *)(void *)field = (int)v;
        return 1;
    }
    case INI_T_YUAN: {
        int64_t fen;
        if (money_parse_yuan(value, &fen) != CK_OK)
            return FAIL(st, "“%s”应为金额（元，最多两位小数，如100或0.50；%s）",
                        "'%s' must be an amount in yuan with at most two decimals, e.g. 100 or 0.50 (%s)", k->name,
                        k->what);
        memcpy(field, &fen, sizeof fen);
        return 1;
    }
    case INI_T_BOOL: {
        bool b;
        if (strcmp(value, "true") == 0)
            b = true;
        else if (strcmp(value, "false") == 0)
            b = false;
        else
            return FAIL(st, "“%s”应为 true 或 false（%s）", "'%s' must be true or false (%s)", k->name, k->what);
        memcpy(field, &b, sizeof b);
        return 1;
    }
    case INI_T_TZ: {
        int32_t off;
        if (clock_parse_timezone(value, &off) != CK_OK)
            return FAIL(st, "“%s”不是支持的时区（%s）", "'%s' is not a supported time zone (%s)", k->name, value);
        memcpy(field, &off, sizeof off);
        return 1;
    }
    }
    return FAIL(st, "“%s”类型错误（%s）", "'%s' has an unknown type (%s)", k->name, k->what);
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    struct parse_state *st = user;
    if (st->failed)
        return 0; /* report only the first error, keep inih from applying later lines */
    for (size_t i = 0; i < st->n_keys; i++) {
        const ini_key *k = &st->keys[i];
        if (strcmp(k->section, section) != 0 || strcmp(k->name, name) != 0)
            continue;
        if (st->seen[i])
            return FAIL(st, "[%s] %s 重复出现（或下一行以空格开头被当作续行）",
                        "[%s] %s is given twice (or the next line is indented and read as a continuation)", section,
                        name);
        st->seen[i] = true;
        return set_value(st, k, value);
    }
    return FAIL(st, "未知的配置项 [%s] %s", "unknown key [%s] %s", section, name);
}

ck_err ini_schema_parse(const char *source, bool is_text, const char *origin, const ini_key *keys, size_t n_keys,
                        void *target, ck_err err_bad, ck_diag *d)
{
    struct parse_state st = {.keys = keys, .n_keys = n_keys, .target = target};
    int line;
    if (source == NULL || keys == NULL || target == NULL || n_keys > INI_MAX_KEYS)
        return CK_E_ARG;
    line = is_text ? ini_parse_string(source, on_entry, &st) : ini_parse(source, on_entry, &st);
    if (line == -1)
        return ck_diag_fail(d, CK_E_IO, "无法读取%s：%s", "cannot read %s: %s", origin, strerror(errno));
    if (line == -2)
        return ck_diag_fail(d, CK_E_NOMEM, "读取%s时内存不足", "out of memory reading %s", origin);
    if (line > 0 && !st.failed)
        return ck_diag_fail(d, err_bad, "%s:%d：无法解析此行（应为 [节] 或 键 = 值）",
                            "%s:%d: cannot parse this line (expected [section] or key = value)", origin, line);
    if (line > 0 || st.failed) {
        ck_diag_zh(d, err_bad, "%s:%d：%s", origin, line, st.reason.zh);
        return ck_diag_en(d, err_bad, "%s:%d: %s", origin, line, st.reason.en);
    }
    for (size_t i = 0; i < n_keys; i++)
        if (keys[i].required && !st.seen[i])
            return ck_diag_fail(d, err_bad, "%s：缺少必填项 [%s] %s（%s）", "%s: missing required key [%s] %s (%s)",
                                origin, keys[i].section, keys[i].name, keys[i].what);
    return CK_OK;
}
