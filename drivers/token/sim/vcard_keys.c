/*
 * vcard_keys.c - the card's keys and data objects: GENERATE ASYMMETRIC KEY
 * PAIR (ECC P-256 and RSA-2048, management key required), GENERAL
 * AUTHENTICATE for signatures (PIN required; slot 9C forgets the PIN after
 * each signature, the "PIN always" policy of the signature key), and GET
 * DATA / PUT DATA (writing needs the management key).
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "tlv.h"
#include "vcard_internal.h"

#define ALG_RSA2048 0x07
#define ALG_P256    0x11

static const uint8_t slot_refs[VCARD_N_SLOTS] = {0x9a, 0x9c, 0x9d, 0x9e};

int vcard_slot_index(uint8_t key_ref)
{
    for (int i = 0; i < VCARD_N_SLOTS; i++)
        if (slot_refs[i] == key_ref)
            return i;
    return -1;
}

static EVP_PKEY *generate_key(uint8_t alg)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg == ALG_P256 ? "EC" : "RSA", NULL);
    EVP_PKEY *key = NULL;
    bool ok = ctx != NULL && EVP_PKEY_keygen_init(ctx) == 1;
    if (ok && alg == ALG_P256)
        ok = EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1;
    if (ok && alg == ALG_RSA2048)
        ok = EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1;
    if (ok)
        EVP_PKEY_keygen(ctx, &key);
    EVP_PKEY_CTX_free(ctx);
    return key;
}

/* 7F49 { 86 point } or 7F49 { 81 modulus, 82 exponent } */
static int public_template(EVP_PKEY *key, uint8_t alg, uint8_t *out, size_t *out_len)
{
    uint8_t inner[600], buf[300];
    size_t k = 0, len;
    if (alg == ALG_P256) {
        if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf, sizeof buf, &len) != 1)
            return 0x6f00;
        k = tlv_put(inner, sizeof inner, 0x86, buf, len);
    } else {
        BIGNUM *n = NULL, *e = NULL;
        int ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
                 EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) == 1;
        if (ok) {
            len = (size_t)BN_bn2bin(n, buf);
            k = tlv_put(inner, sizeof inner, 0x81, buf, len);
            len = (size_t)BN_bn2bin(e, buf);
            k += tlv_put(inner + k, sizeof inner - k, 0x82, buf, len);
        }
        BN_free(n);
        BN_free(e);
        if (!ok)
            return 0x6f00;
    }
    *out_len = tlv_put(out, VCARD_MAX_OBJECT, 0x7f49, inner, k);
    return *out_len > 0 ? SW_OK : 0x6f00;
}

int vcard_generate(vcard *c, uint8_t slot, const uint8_t *data, size_t n, uint8_t *out, size_t *out_len)
{
    const uint8_t *ac, *alg;
    size_t acl, algl;
    int s = vcard_slot_index(slot), sw;
    EVP_PKEY *key;
    if (s < 0)
        return SW_WRONG_P1P2;
    if (!c->mgmt_authed)
        return SW_SECURITY;
    if (!tlv_find(data, n, 0xac, &ac, &acl) || !tlv_find(ac, acl, 0x80, &alg, &algl) || algl != 1)
        return SW_WRONG_DATA;
    if (alg[0] != ALG_P256 && alg[0] != ALG_RSA2048)
        return 0x6a80;
    if ((key = generate_key(alg[0])) == NULL)
        return 0x6f00;
    EVP_PKEY_free(c->keys[s]);
    c->keys[s] = key;
    c->key_alg[s] = alg[0];
    if (vcard_save(c) != 0)
        return 0x6581;
    sw = public_template(key, alg[0], out, out_len);
    return sw;
}

static int raw_sign(EVP_PKEY *key, uint8_t alg, const uint8_t *in, size_t n, uint8_t *sig, size_t *sig_len)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int ok = ctx != NULL && EVP_PKEY_sign_init(ctx) == 1;
    if (ok && alg == ALG_RSA2048)
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1; /* the host sends the padded block */
    ok = ok && EVP_PKEY_sign(ctx, sig, sig_len, in, n) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? SW_OK : SW_WRONG_DATA;
}

int vcard_sign(vcard *c, uint8_t alg, uint8_t slot, const uint8_t *tmpl, size_t n, uint8_t *out, size_t *out_len)
{
    const uint8_t *t, *v81, *v82;
    size_t tl, l81, l82, sig_len = 512;
    uint8_t sig[512], inner[520];
    int s = vcard_slot_index(slot), sw;
    if (s < 0 || c->keys[s] == NULL)
        return s < 0 ? SW_WRONG_P1P2 : SW_NOT_FOUND;
    if (alg != c->key_alg[s])
        return SW_WRONG_P1P2;
    if (slot != 0x9e && !c->pin_verified)
        return SW_SECURITY;
    if (!tlv_find(tmpl, n, 0x7c, &t, &tl) || !tlv_find(t, tl, 0x81, &v81, &l81) || !tlv_find(t, tl, 0x82, &v82, &l82) ||
        l82 != 0)
        return SW_WRONG_DATA;
    if ((alg == ALG_RSA2048 && l81 != 256) || (alg == ALG_P256 && (l81 == 0 || l81 > 32)))
        return SW_WRONG_DATA;
    sw = raw_sign(c->keys[s], alg, v81, l81, sig, &sig_len);
    if (slot == 0x9c)
        c->pin_verified = false;
    if (sw != SW_OK)
        return sw;
    *out_len = tlv_put(out, VCARD_MAX_OBJECT, 0x7c, inner, tlv_put(inner, sizeof inner, 0x82, sig, sig_len));
    return SW_OK;
}

static bool object_tag(const uint8_t *data, size_t n, uint32_t *tag, size_t *consumed)
{
    const uint8_t *v;
    size_t l;
    if (!tlv_find(data, n, 0x5c, &v, &l) || l == 0 || l > 3)
        return false;
    *tag = 0;
    for (size_t i = 0; i < l; i++)
        *tag = (*tag << 8) | v[i];
    *consumed = (size_t)(v - data) + l;
    return true;
}

struct vcard_object *vcard_object_find(vcard *c, uint32_t tag)
{
    for (int i = 0; i < c->n_objects; i++)
        if (c->objects[i].tag == tag)
            return &c->objects[i];
    return NULL;
}

int vcard_get_data(vcard *c, const uint8_t *data, size_t n, uint8_t *out, size_t *out_len)
{
    uint32_t tag;
    size_t used;
    struct vcard_object *o;
    if (!object_tag(data, n, &tag, &used))
        return SW_WRONG_DATA;
    if ((o = vcard_object_find(c, tag)) == NULL)
        return SW_NOT_FOUND;
    *out_len = tlv_put(out, VCARD_MAX_OBJECT + 8, 0x53, o->data, o->len);
    return *out_len > 0 ? SW_OK : 0x6f00;
}

int vcard_put_data(vcard *c, const uint8_t *data, size_t n)
{
    uint32_t tag;
    size_t used, len;
    const uint8_t *v;
    struct vcard_object *o;
    if (!c->mgmt_authed)
        return SW_SECURITY;
    if (!object_tag(data, n, &tag, &used) || !tlv_find(data + used, n - used, 0x53, &v, &len))
        return SW_WRONG_DATA;
    if (len > VCARD_MAX_OBJECT)
        return SW_NO_SPACE;
    o = vcard_object_find(c, tag);
    if (len == 0) { /* an empty object deletes it */
        if (o != NULL) {
            free(o->data);
            *o = c->objects[--c->n_objects];
        }
        return vcard_save(c) == 0 ? SW_OK : 0x6581;
    }
    if (o == NULL) {
        if (c->n_objects == VCARD_MAX_OBJECTS)
            return SW_NO_SPACE;
        o = &c->objects[c->n_objects++];
        o->tag = tag;
        o->data = NULL;
    }
    free(o->data);
    if ((o->data = malloc(len)) == NULL) {
        *o = c->objects[--c->n_objects];
        return 0x6581;
    }
    memcpy(o->data, v, len);
    o->len = len;
    return vcard_save(c) == 0 ? SW_OK : 0x6581;
}
