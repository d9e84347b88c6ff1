/*
 * id_docs.h - the identity documents a window clerk must have seen for a job
 * whose subject the customer typed in (新办, 变更, 补办, 吊销): for an
 * organisation its business licence, the applicant's ID card and the letter
 * of authorisation; for an expert the ID card.
 */
#ifndef CK_CORE_ID_DOCS_H
#define CK_CORE_ID_DOCS_H

#include <stdbool.h>

#include "holder.h"
#include "services.h"

enum {
    ID_DOC_LICENCE = 1u << 0, /* 营业执照 */
    ID_DOC_ID_CARD = 1u << 1, /* 经办人身份证 */
    ID_DOC_LETTER = 1u << 2,  /* 授权书 */
    ID_DOC__COUNT = 3,
};

/* The documents the service needs seen for this holder (0: none). */
unsigned id_docs_required(ck_service s, ck_holder_kind k);
/* "licence", "id_card", "letter"; names in Chinese and English. i < ID_DOC__COUNT. */
const char *id_docs_code(int i);
const char *id_docs_zh(int i);
const char *id_docs_en(int i);
/* The set as "licence,id_card" (codes joined by commas) into out. */
void id_docs_format(unsigned set, char *out, unsigned long cap);

#endif
