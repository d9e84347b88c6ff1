/* ui_validators.c - the core's validators for input fields; see ui_validators.h. */
#include "ui_validators.h"

#include <stdio.h>
#include <string.h>

typedef ck_err (*plain_fn)(const char *input, validate_result *out);

static ck_err run(plain_fn fn, const char *text, ck_diag *msg)
{
    validate_result r;
    ck_err rc = fn(text, &r);
    *msg = r.msg;
    explicit_bzero(&r, sizeof r); /* it holds a copy of what was typed */
    return rc;
}

ck_err ui_valid_org(const char *text, ck_diag *msg, void *ctx) { return (void)ctx, run(orgname_validate, text, msg); }
ck_err ui_valid_uscc(const char *text, ck_diag *msg, void *ctx) { return (void)ctx, run(uscc_validate, text, msg); }
ck_err ui_valid_person(const char *text, ck_diag *msg, void *ctx)
{
    return (void)ctx, run(personname_validate, text, msg);
}
ck_err ui_valid_mobile(const char *text, ck_diag *msg, void *ctx) { return (void)ctx, run(mobile_validate, text, msg); }

ck_err ui_valid_idcard(const char *text, ck_diag *msg, void *ctx)
{
    validate_result r;
    ck_err rc = idcard_validate(text, *(const ck_date *)ctx, &r);
    *msg = r.msg;
    explicit_bzero(&r, sizeof r);
    return rc;
}

void ui_valid_value(const ui_field *f, char *out, size_t cap)
{
    validate_result r;
    ck_err rc;
    out[0] = '\0';
    if (f->validate == ui_valid_org)
        rc = orgname_validate(f->text, &r);
    else if (f->validate == ui_valid_uscc)
        rc = uscc_validate(f->text, &r);
    else if (f->validate == ui_valid_person)
        rc = personname_validate(f->text, &r);
    else if (f->validate == ui_valid_mobile)
        rc = mobile_validate(f->text, &r);
    else if (f->validate == ui_valid_idcard)
        rc = idcard_validate(f->text, *(const ck_date *)f->validate_ctx, &r);
    else {
        snprintf(out, cap, "%s", f->text);
        return;
    }
    if (rc == CK_OK)
        snprintf(out, cap, "%s", r.value);
    explicit_bzero(&r, sizeof r);
}
