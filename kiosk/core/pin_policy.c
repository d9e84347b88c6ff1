/* pin_policy.c - the rules for a new PIN; see pin_policy.h. */
#include "pin_policy.h"

#include <stdbool.h>
#include <string.h>

ck_err pin_check_new(const char *pin, ck_diag *d)
{
    size_t len = pin != NULL ? strlen(pin) : 0;
    bool same = len > 0;
    if (len < 6 || len > 8)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "新密码应为6到8位", "A new PIN has 6 to 8 characters");
    for (size_t i = 0; i < len; i++) {
        if (pin[i] < 0x21 || pin[i] > 0x7e)
            return ck_diag_fail(d, CK_E_INVALID_INPUT, "密码只能使用数字、字母和符号（不含空格）",
                                "A PIN uses digits, letters and symbols only (no spaces)");
        same = same && pin[i] == pin[0];
    }
    if (strcmp(pin, PIN_INITIAL) == 0)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "新密码不能是初始密码12345678",
                            "The new PIN cannot be the initial 12345678");
    if (same)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "新密码不能是同一个字符重复",
                            "The new PIN cannot be one character repeated");
    return CK_OK;
}
