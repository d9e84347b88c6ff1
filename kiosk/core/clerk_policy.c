/* clerk_policy.c - clerk ids, PINs and the lock; see clerk_policy.h. */
#include "clerk_policy.h"

#include <string.h>

static const char *const role_codes[CLERK_ROLE__COUNT] = {"clerk", "admin"};

const char *clerk_role_code(ck_clerk_role r) { return r >= 0 && r < CLERK_ROLE__COUNT ? role_codes[r] : "?"; }

ck_err clerk_role_parse(const char *code, ck_clerk_role *out)
{
    for (int i = 0; code != NULL && i < CLERK_ROLE__COUNT; i++)
        if (strcmp(code, role_codes[i]) == 0) {
            *out = (ck_clerk_role)i;
            return CK_OK;
        }
    return CK_E_INVALID_INPUT;
}

ck_err clerk_id_check(const char *id, ck_diag *d)
{
    size_t n = id != NULL ? strlen(id) : 0;
    if (n == 0 || n > CLERK_ID_MAX)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "工号应为1到32个字符", "A clerk id has 1 to 32 characters");
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return ck_diag_fail(d, CK_E_INVALID_INPUT, "工号只能使用字母、数字、“-”和“_”",
                                "A clerk id uses letters, digits, '-' and '_' only");
    }
    return CK_OK;
}

ck_err clerk_pin_check(const char *pin, ck_diag *d)
{
    size_t n = pin != NULL ? strlen(pin) : 0;
    bool same = n > 0, ascending = n > 0, descending = n > 0;
    if (n < 6 || n > 12)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "柜员密码应为6到12位数字", "A clerk PIN has 6 to 12 digits");
    for (size_t i = 0; i < n; i++) {
        if (pin[i] < '0' || pin[i] > '9')
            return ck_diag_fail(d, CK_E_INVALID_INPUT, "柜员密码只能是数字", "A clerk PIN has digits only");
        if (i > 0) {
            same = same && pin[i] == pin[0];
            ascending = ascending && pin[i] == (char)(pin[i - 1] + 1);
            descending = descending && pin[i] == (char)(pin[i - 1] - 1);
        }
    }
    if (same || ascending || descending)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "柜员密码不能是重复或连续的数字",
                            "A clerk PIN cannot be one digit repeated or a run like 123456");
    return CK_OK;
}

clerk_lock clerk_after_failure(clerk_lock before, int max_failures, int lock_s, int64_t now)
{
    clerk_lock after = {before.failures + 1, before.locked_until};
    if (after.failures >= max_failures) {
        after.failures = 0;
        after.locked_until = now + lock_s;
    }
    return after;
}

bool clerk_is_locked(const clerk_lock *l, int64_t now, int64_t *left)
{
    bool locked = l->locked_until > now;
    if (left != NULL)
        *left = locked ? l->locked_until - now : 0;
    return locked;
}
