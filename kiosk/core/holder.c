/* holder.c - the holder kinds and roles of the seed's fee table. */
#include "holder.h"

#include <assert.h>
#include <string.h>

static const struct {
    const char *code, *zh, *en;
} kinds[HOLDER__COUNT] = {
    [HOLDER_UNIT] = {"unit", "单位证书", "Organisation certificate"},
    [HOLDER_EXPERT] = {"expert", "评标专家证书", "Bid-evaluation expert certificate"},
};

static const struct {
    const char *code, *zh, *en;
    ck_holder_kind kind;
} roles[ROLE__COUNT] = {
    [ROLE_PURCHASER] = {"purchaser", "采购人", "Purchaser", HOLDER_UNIT},
    [ROLE_PURCHASER_REP] = {"purchaser-rep", "采购人代表", "Purchaser's representative", HOLDER_UNIT},
    [ROLE_PURCHASER_SUPERVISOR] = {"purchaser-supervisor", "采购人监督", "Purchaser's supervisor", HOLDER_UNIT},
    [ROLE_SUPPLIER] = {"supplier", "供应商", "Supplier", HOLDER_UNIT},
    [ROLE_AGENCY] = {"agency", "代理机构", "Procurement agency", HOLDER_UNIT},
    [ROLE_EXPERT] = {"expert", "评标专家", "Bid-evaluation expert", HOLDER_EXPERT},
};

const char *holder_kind_code(ck_holder_kind k)
{
    assert(k >= 0 && k < HOLDER__COUNT);
    return kinds[k].code;
}
const char *holder_kind_zh(ck_holder_kind k)
{
    assert(k >= 0 && k < HOLDER__COUNT);
    return kinds[k].zh;
}
const char *holder_kind_en(ck_holder_kind k)
{
    assert(k >= 0 && k < HOLDER__COUNT);
    return kinds[k].en;
}

ck_err holder_kind_parse(const char *code, ck_holder_kind *out)
{
    for (int k = 0; code != NULL && k < HOLDER__COUNT; k++) {
        if (strcmp(code, kinds[k].code) == 0) {
            *out = (ck_holder_kind)k;
            return CK_OK;
        }
    }
    return CK_E_ARG;
}

const char *role_code(ck_role r)
{
    assert(r >= 0 && r < ROLE__COUNT);
    return roles[r].code;
}
const char *role_zh(ck_role r)
{
    assert(r >= 0 && r < ROLE__COUNT);
    return roles[r].zh;
}
const char *role_en(ck_role r)
{
    assert(r >= 0 && r < ROLE__COUNT);
    return roles[r].en;
}
ck_holder_kind role_kind(ck_role r)
{
    assert(r >= 0 && r < ROLE__COUNT);
    return roles[r].kind;
}

ck_err role_parse(const char *code, ck_role *out)
{
    for (int r = 0; code != NULL && r < ROLE__COUNT; r++) {
        if (strcmp(code, roles[r].code) == 0) {
            *out = (ck_role)r;
            return CK_OK;
        }
    }
    return CK_E_ARG;
}
