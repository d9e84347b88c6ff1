/*
 * holder.h - who holds a certificate. The seed's fee table has two columns:
 * organisation certificates (单位证书, for purchasers, their representatives
 * and supervisors, suppliers and agencies) and bid-evaluation experts
 * (评标专家, a person). The role matters for the application form; the kind
 * decides the fees and the subject fields.
 */
#ifndef CK_CORE_HOLDER_H
#define CK_CORE_HOLDER_H

#include "error.h"

typedef enum ck_holder_kind { HOLDER_UNIT = 0, HOLDER_EXPERT, HOLDER__COUNT } ck_holder_kind;

typedef enum ck_role {
    ROLE_PURCHASER = 0,        /* 采购人 */
    ROLE_PURCHASER_REP,        /* 采购人代表 */
    ROLE_PURCHASER_SUPERVISOR, /* 采购人监督 */
    ROLE_SUPPLIER,             /* 供应商 */
    ROLE_AGENCY,               /* 代理机构 */
    ROLE_EXPERT,               /* 评标专家 */
    ROLE__COUNT
} ck_role;

/* "unit" / "expert"; never NULL for a valid kind. */
const char *holder_kind_code(ck_holder_kind k);
const char *holder_kind_zh(ck_holder_kind k);
const char *holder_kind_en(ck_holder_kind k);
/* Accepts the code ("unit", "expert"). CK_E_ARG if unknown or NULL. */
ck_err holder_kind_parse(const char *code, ck_holder_kind *out);

const char *role_code(ck_role r);
const char *role_zh(ck_role r);
const char *role_en(ck_role r);
ck_holder_kind role_kind(ck_role r);
ck_err role_parse(const char *code, ck_role *out);

#endif
