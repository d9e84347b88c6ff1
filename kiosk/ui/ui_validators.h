/*
 * ui_validators.h - the core's validators (validate.h) as ui_validate_fn for
 * input fields: the message names what is wrong; the normalised value is
 * what the desk stores (ui_valid_value).
 */
#ifndef CK_UI_VALIDATORS_H
#define CK_UI_VALIDATORS_H

#include "date.h"
#include "ui_field.h"
#include "validate.h"

ck_err ui_valid_org(const char *text, ck_diag *msg, void *ctx);
ck_err ui_valid_uscc(const char *text, ck_diag *msg, void *ctx);
ck_err ui_valid_person(const char *text, ck_diag *msg, void *ctx);
ck_err ui_valid_mobile(const char *text, ck_diag *msg, void *ctx);
/* ctx: a const ck_date * (today, for "born in the future"). */
ck_err ui_valid_idcard(const char *text, ck_diag *msg, void *ctx);

/* The field's value as the core normalises it (full-width to half-width, case...) into out; "" if invalid. */
void ui_valid_value(const ui_field *f, char *out, size_t cap);

#endif
