/* id_docs.c - identity documents per service and holder; see id_docs.h. */
#include "id_docs.h"

#include <stdio.h>
#include <string.h>

static const char *const codes[ID_DOC__COUNT] = {"licence", "id_card", "letter"};
static const char *const zh[ID_DOC__COUNT] = {"营业执照", "经办人身份证", "授权书"};
static const char *const en[ID_DOC__COUNT] = {"Business licence", "Applicant's ID card", "Letter of authorisation"};

unsigned id_docs_required(ck_service s, ck_holder_kind k)
{
    if (!services_has(s, SVC_F_SUBJECT_FORM))
        return 0;
    return k == HOLDER_EXPERT ? ID_DOC_ID_CARD : ID_DOC_LICENCE | ID_DOC_ID_CARD | ID_DOC_LETTER;
}

const char *id_docs_code(int i) { return i >= 0 && i < ID_DOC__COUNT ? codes[i] : "?"; }
const char *id_docs_zh(int i) { return i >= 0 && i < ID_DOC__COUNT ? zh[i] : "?"; }
const char *id_docs_en(int i) { return i >= 0 && i < ID_DOC__COUNT ? en[i] : "?"; }

void id_docs_format(unsigned set, char *out, unsigned long cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < ID_DOC__COUNT; i++)
        if (set & (1u << i)) {
            int w = snprintf(out + n, cap - n, "%s%s", n > 0 ? "," : "", codes[i]);
            if (w < 0 || (size_t)w >= cap - n)
                break;
            n += (size_t)w;
        }
}
