/* ui_field.c - input field model (see ui_field.h). */
#include "ui_field.h"

#include <string.h>

#include "utf8.h"

void ui_field_init(ui_field *f, ui_kbd_kind kbd, int max_chars, bool masked, ui_validate_fn validate, void *ctx)
{
    ui_field_wipe(f);
    f->kbd = kbd;
    if (max_chars < 1)
        max_chars = 1;
    if (max_chars > UI_FIELD_BYTES / 4)
        max_chars = UI_FIELD_BYTES / 4;
    f->max_chars = max_chars;
    f->masked = masked;
    f->validate = validate;
    f->validate_ctx = ctx;
}

int ui_field_chars(const ui_field *f)
{
    long n = utf8_count(f->text);
    return n < 0 ? 0 : (int)n;
}

bool ui_field_append(ui_field *f, const char *utf8)
{
    size_t have = strlen(f->text), add = strlen(utf8);
    long n = utf8_count(utf8);
    if (n <= 0 || ui_field_chars(f) + n > f->max_chars || have + add >= sizeof f->text)
        return false;
    memcpy(f->text + have, utf8, add + 1);
    f->invalid = false;
    ck_diag_clear(&f->msg);
    return true;
}

bool ui_field_backspace(ui_field *f)
{
    size_t len = strlen(f->text);
    if (len == 0)
        return false;
    do
        len--;
    while (len > 0 && ((unsigned char)f->text[len] & 0xC0) == 0x80);
    memset(f->text + len, 0, sizeof f->text - len);
    f->invalid = false;
    ck_diag_clear(&f->msg);
    return true;
}

void ui_field_clear(ui_field *f)
{
    memset(f->text, 0, sizeof f->text);
    f->invalid = false;
    ck_diag_clear(&f->msg);
}

bool ui_field_check(ui_field *f)
{
    ck_err rc;
    ck_diag_clear(&f->msg);
    if (f->validate != NULL)
        rc = f->validate(f->text, &f->msg, f->validate_ctx);
    else if (f->text[0] == '\0')
        rc = ck_diag_fail(&f->msg, CK_E_INVALID_INPUT, "请填写此项", "Please fill this in");
    else
        rc = CK_OK;
    f->invalid = rc != CK_OK;
    if (f->invalid && f->msg.zh[0] == '\0') {
        ck_diag_zh(&f->msg, rc, "%s", ck_err_zh(rc));
        ck_diag_en(&f->msg, rc, "%s", ck_err_en(rc));
    }
    return !f->invalid;
}

void ui_field_wipe(ui_field *f)
{
    memset(f, 0, sizeof *f);
}
