/* fees_file.c - the fee schedule's INI schema. */
#include "fees_file.h"

#include <stddef.h>

#include "embedded.h"
#include "ini_schema.h"
#include "money.h"

#define FEE_KEY(sec, key, field, what_)                                                                                \
    {                                                                                                                  \
        .section = sec, .name = key, .type = INI_T_YUAN, .offset = offsetof(ck_fee_schedule, field),                   \
        .max = MONEY_MAX_FEN, .required = true, .what = what_                                                          \
    }

static const ini_key fee_keys[] = {
    FEE_KEY("unit", "account_fee_yuan", holder[HOLDER_UNIT].account_fen, "单位开户费 / unit account fee"),
    FEE_KEY("unit", "annual_fee_yuan", holder[HOLDER_UNIT].annual_fen, "单位年服务费 / unit annual fee"),
    FEE_KEY("unit", "seal_fee_per_year_yuan", holder[HOLDER_UNIT].seal_per_year_fen, "单位印章 / unit seal fee"),
    FEE_KEY("expert", "account_fee_yuan", holder[HOLDER_EXPERT].account_fen, "专家开户费 / expert account fee"),
    FEE_KEY("expert", "annual_fee_yuan", holder[HOLDER_EXPERT].annual_fen, "专家年服务费 / expert annual fee"),
    FEE_KEY("expert", "seal_fee_per_year_yuan", holder[HOLDER_EXPERT].seal_per_year_fen, "专家印章 / expert seal fee"),
    FEE_KEY("replacement", "fee_per_key_yuan", replacement_fen, "证书补办 / replacement fee"),
    {.section = "limits",
     .name = "max_seals",
     .type = INI_T_INT,
     .offset = offsetof(ck_fee_schedule, max_seals),
     .min = 1,
     .max = 9,
     .required = true,
     .what = "每证印章上限 / seals per certificate"},
};

static ck_err parse(const char *source, bool is_text, const char *origin, ck_fee_schedule *out, ck_diag *d)
{
    ck_fee_schedule fs = {0};
    ck_err rc =
        ini_schema_parse(source, is_text, origin, fee_keys, sizeof fee_keys / sizeof fee_keys[0], &fs, CK_E_FEES, d);
    if (rc == CK_OK)
        rc = fees_schedule_check(&fs, d);
    if (rc == CK_OK)
        *out = fs;
    return rc;
}

ck_err fees_file_load(const char *path, ck_fee_schedule *out, ck_diag *d) { return parse(path, false, path, out, d); }

ck_err fees_file_parse_text(const char *text, const char *origin, ck_fee_schedule *out, ck_diag *d)
{
    return parse(text, true, origin, out, d);
}

ck_err fees_file_load_builtin(ck_fee_schedule *out, ck_diag *d)
{
    return parse(embedded_fees_ini, true, "built-in fees.ini", out, d);
}
