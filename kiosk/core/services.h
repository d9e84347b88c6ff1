/*
 * services.h - the nine services of the seed and what each one needs.
 *
 * One table (services.c) says, per service, who may apply, whether the
 * customer brings an existing USB Key, whether it is paid, whether the term
 * (1 or 2 years) and the number of seals are chosen, and whether the new
 * certificate keeps the old one's notAfter. The eligibility rules that depend
 * on dates live in eligibility.c; the prices in fees.c.
 */
#ifndef CK_CORE_SERVICES_H
#define CK_CORE_SERVICES_H

#include <stdbool.h>

#include "error.h"
#include "holder.h"

typedef enum ck_service {
    SVC_NEW = 0,      /* 新办: new certificate + seal */
    SVC_RENEW,        /* 更新 */
    SVC_CHANGE,       /* 变更: organisation name / credit code */
    SVC_REPLACE,      /* 补办: lost or broken key */
    SVC_REVOKE,       /* 吊销 */
    SVC_SEAL_UPGRADE, /* 印章升级 */
    SVC_SEAL_RENEW,   /* 印章续期 */
    SVC_PIN_CHANGE,   /* 修改密码 */
    SVC_UNLOCK,       /* 解锁 */
    SVC__COUNT
} ck_service;

enum ck_service_flag {
    SVC_F_BRINGS_KEY = 1u << 0,      /* the customer brings the existing USB Key */
    SVC_F_NEEDS_CERT = 1u << 1,      /* an existing certificate is the subject of the service */
    SVC_F_PAID = 1u << 2,            /* the quote can be non-zero */
    SVC_F_TERM = 1u << 3,            /* the customer chooses 1 or 2 years */
    SVC_F_SEALS = 1u << 4,           /* the number of seals is chosen */
    SVC_F_ISSUES_CERT = 1u << 5,     /* a certificate is issued and written to a key */
    SVC_F_NEW_MEDIUM = 1u << 6,      /* a new USB Key is handed out */
    SVC_F_KEEPS_NOT_AFTER = 1u << 7, /* the new certificate keeps the old notAfter */
    SVC_F_REVIEWED = 1u << 8,        /* the CA reviews it before anything is issued */
    SVC_F_SUBJECT_FORM = 1u << 9,    /* the customer fills in subject fields */
    SVC_F_ISSUES_SEAL = 1u << 10,    /* a seal is issued and written to the key */
};

#define SVC_HOLDERS_ALL ((1u << HOLDER_UNIT) | (1u << HOLDER_EXPERT))

typedef struct ck_service_info {
    ck_service id;
    const char *code;       /* CLI and JSON name, e.g. "seal-upgrade" */
    const char *zh, *en;    /* menu names */
    const char *summary_zh; /* what it is, in the seed's words */
    const char *summary_en;
    const char *fee_note_zh; /* why it costs what it costs (free services say so) */
    const char *fee_note_en;
    unsigned flags;   /* enum ck_service_flag */
    unsigned holders; /* bit (1u << ck_holder_kind) per kind that may apply */
} ck_service_info;

/* The entry for s; s must be a valid ck_service. Never NULL. */
const ck_service_info *services_info(ck_service s);
/* Looks up a service by code. CK_E_UNKNOWN_SERVICE if there is none. */
ck_err services_parse(const char *code, ck_service *out);
bool services_has(ck_service s, enum ck_service_flag f);
bool services_allows_holder(ck_service s, ck_holder_kind k);

#endif
