/*
 * vcard.c - the virtual card's life: creation, the state file, reset, and
 * the APDU dispatcher (chaining, GET RESPONSE, SELECT and the YubiKey
 * information commands). PIN/management-key commands are in vcard_auth.c,
 * keys and data objects in vcard_keys.c.
 *
 * The state file is a sequence of records (type, 4-byte length, value),
 * rewritten whole under a temporary name and renamed, so a killed card
 * process never leaves half a key behind.
 */
#include <errno.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcard_internal.h"

/* PIV application identifier (SP 800-73-4 part 1, 2.2). */
static const uint8_t piv_aid[] = {0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00};
static const uint8_t atr[] = {0x3b, 0x80, 0x80, 0x01, 0x01};
/* The YubiKey default management key, as a factory-fresh key has it. */
static const uint8_t default_mgmt_key[24] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};

enum {
    REC_SERIAL = 1,
    REC_PIN,
    REC_PUK,
    REC_PIN_TRIES,
    REC_PUK_TRIES,
    REC_MGMT_ALG,
    REC_MGMT_KEY,
    REC_KEY,
    REC_OBJECT
};

const uint8_t *vcard_atr(size_t *len)
{
    *len = sizeof atr;
    return atr;
}

uint32_t vcard_serial(const vcard *c) { return c->serial; }

static void pad_pin(uint8_t out[VCARD_PIN_LEN], const char *pin)
{
    memset(out, 0xff, VCARD_PIN_LEN);
    memcpy(out, pin, strlen(pin));
}

static int put_record(FILE *f, uint8_t type, const void *v, uint32_t len)
{
    uint8_t h[5] = {type, (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len};
    return fwrite(h, 1, 5, f) == 5 && fwrite(v, 1, len, f) == len ? 0 : -1;
}

int vcard_save(vcard *c)
{
    char tmp[1100];
    uint8_t b;
    int rc = 0;
    FILE *f;
    snprintf(tmp, sizeof tmp, "%s.tmp", c->path);
    if ((f = fopen(tmp, "wb")) == NULL)
        return -1;
    rc |= fwrite("VCARD1\n", 1, 7, f) == 7 ? 0 : -1;
    rc |= put_record(f, REC_SERIAL, &c->serial, sizeof c->serial);
    rc |= put_record(f, REC_PIN, c->pin, VCARD_PIN_LEN);
    rc |= put_record(f, REC_PUK, c->puk, VCARD_PIN_LEN);
    b = (uint8_t)c->pin_tries;
    rc |= put_record(f, REC_PIN_TRIES, &b, 1);
    b = (uint8_t)c->puk_tries;
    rc |= put_record(f, REC_PUK_TRIES, &b, 1);
    rc |= put_record(f, REC_MGMT_ALG, &c->mgmt_alg, 1);
    rc |= put_record(f, REC_MGMT_KEY, c->mgmt_key, sizeof c->mgmt_key);
    for (int s = 0; s < VCARD_N_SLOTS; s++) {
        uint8_t *der = NULL, *rec;
        int len;
        if (c->keys[s] == NULL)
            continue;
        len = i2d_PrivateKey(c->keys[s], &der);
        rec = len > 0 ? malloc((size_t)len + 2) : NULL;
        if (rec == NULL) {
            rc = -1;
        } else {
            rec[0] = (uint8_t)s;
            rec[1] = c->key_alg[s];
            memcpy(rec + 2, der, (size_t)len);
            rc |= put_record(f, REC_KEY, rec, (uint32_t)len + 2);
        }
        free(rec);
        OPENSSL_free(der);
    }
    for (int i = 0; i < c->n_objects; i++) {
        uint8_t *rec = malloc(c->objects[i].len + 4);
        if (rec == NULL) {
            rc = -1;
            continue;
        }
        memcpy(rec, &c->objects[i].tag, 4);
        memcpy(rec + 4, c->objects[i].data, c->objects[i].len);
        rc |= put_record(f, REC_OBJECT, rec, (uint32_t)c->objects[i].len + 4);
        free(rec);
    }
    rc |= fflush(f) == 0 ? 0 : -1;
    rc |= fclose(f) == 0 ? 0 : -1;
    if (rc == 0 && rename(tmp, c->path) != 0)
        rc = -1;
    if (rc != 0)
        remove(tmp);
    return rc;
}

static int load_record(vcard *c, uint8_t type, const uint8_t *v, uint32_t len)
{
    const uint8_t *p = v + 2;
    switch (type) {
    case REC_SERIAL:
        if (len == 4)
            memcpy(&c->serial, v, 4);
        return len == 4 ? 0 : -1;
    case REC_PIN:
        if (len == VCARD_PIN_LEN)
            memcpy(c->pin, v, len);
        return len == VCARD_PIN_LEN ? 0 : -1;
    case REC_PUK:
        if (len == VCARD_PIN_LEN)
            memcpy(c->puk, v, len);
        return len == VCARD_PIN_LEN ? 0 : -1;
    case REC_PIN_TRIES: c->pin_tries = v[0]; return len == 1 ? 0 : -1;
    case REC_PUK_TRIES: c->puk_tries = v[0]; return len == 1 ? 0 : -1;
    case REC_MGMT_ALG: c->mgmt_alg = v[0]; return len == 1 ? 0 : -1;
    case REC_MGMT_KEY:
        if (len == 32)
            memcpy(c->mgmt_key, v, 32);
        return len == 32 ? 0 : -1;
    case REC_KEY:
        if (len < 3 || v[0] >= VCARD_N_SLOTS)
            return -1;
        c->key_alg[v[0]] = v[1];
        c->keys[v[0]] = d2i_AutoPrivateKey(NULL, &p, (long)len - 2);
        return c->keys[v[0]] != NULL ? 0 : -1;
    case REC_OBJECT: {
        struct vcard_object *o;
        if (len < 4 || c->n_objects >= VCARD_MAX_OBJECTS)
            return -1;
        o = &c->objects[c->n_objects];
        memcpy(&o->tag, v, 4);
        o->len = len - 4;
        if ((o->data = malloc(o->len + 1)) == NULL)
            return -1;
        memcpy(o->data, v + 4, o->len);
        c->n_objects++;
        return 0;
    }
    }
    return -1;
}

static int load(vcard *c, FILE *f)
{
    char magic[7];
    uint8_t h[5], *v;
    if (fread(magic, 1, 7, f) != 7 || memcmp(magic, "VCARD1\n", 7) != 0)
        return -1;
    while (fread(h, 1, 5, f) == 5) {
        uint32_t len = ((uint32_t)h[1] << 24) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 8) | h[4];
        int rc;
        if (len > VCARD_MAX_OBJECT + 8 || (v = malloc(len + 1)) == NULL)
            return -1;
        rc = fread(v, 1, len, f) == len ? load_record(c, h[0], v, len) : -1;
        free(v);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int vcard_open(const char *path, vcard **out, char *err, size_t errcap)
{
    vcard *c = calloc(1, sizeof *c);
    FILE *f;
    if (c == NULL) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    f = fopen(path, "rb");
    if (f != NULL) {
        int rc = load(c, f);
        fclose(f);
        if (rc != 0) {
            snprintf(err, errcap, "%s is not a readable virtual card file", path);
            vcard_close(c);
            return -1;
        }
    } else if (errno == ENOENT) {
        pad_pin(c->pin, "12345678");
        pad_pin(c->puk, "12345678");
        c->pin_tries = c->puk_tries = VCARD_TRIES;
        c->mgmt_alg = 0x03;
        memcpy(c->mgmt_key, default_mgmt_key, sizeof default_mgmt_key);
        if (RAND_bytes((uint8_t *)&c->serial, sizeof c->serial) != 1) {
            snprintf(err, errcap, "no randomness for the card's serial");
            vcard_close(c);
            return -1;
        }
        c->serial %= 100000000u; /* eight digits, as printed on keys */
        if (vcard_save(c) != 0) {
            snprintf(err, errcap, "cannot create the virtual card %s: %s", path, strerror(errno));
            vcard_close(c);
            return -1;
        }
    } else {
        snprintf(err, errcap, "cannot open %s: %s", path, strerror(errno));
        vcard_close(c);
        return -1;
    }
    *out = c;
    return 0;
}

void vcard_close(vcard *c)
{
    if (c == NULL)
        return;
    for (int s = 0; s < VCARD_N_SLOTS; s++)
        EVP_PKEY_free(c->keys[s]);
    for (int i = 0; i < c->n_objects; i++)
        free(c->objects[i].data);
    OPENSSL_cleanse(c, sizeof *c);
    free(c);
}

void vcard_reset(vcard *c)
{
    c->selected = c->pin_verified = c->mgmt_authed = false;
    c->witness_len = c->challenge_len = c->chain_len = c->pending_len = c->pending_off = 0;
}

/* Queues data for the host and answers with the first part (61xx tells it more is waiting). */
static size_t respond(vcard *c, const uint8_t *data, size_t len, int sw, uint8_t *resp)
{
    size_t chunk;
    if (len > 0 && data != c->pending) /* errors pass data NULL: memmove from NULL is undefined */
        memmove(c->pending, data, len);
    c->pending_len = len;
    c->pending_off = 0;
    if (sw != SW_OK || len == 0) {
        c->pending_len = 0;
        resp[0] = (uint8_t)(sw >> 8);
        resp[1] = (uint8_t)sw;
        return 2;
    }
    chunk = len > 256 ? 256 : len;
    memcpy(resp, c->pending, chunk);
    c->pending_off = chunk;
    if (chunk < len) {
        size_t left = len - chunk;
        resp[chunk] = 0x61;
        resp[chunk + 1] = (uint8_t)(left > 255 ? 0 : left);
    } else {
        resp[chunk] = 0x90;
        resp[chunk + 1] = 0x00;
        c->pending_len = 0;
    }
    return chunk + 2;
}

static size_t get_response(vcard *c, uint8_t *resp)
{
    size_t left = c->pending_len - c->pending_off, chunk = left > 256 ? 256 : left;
    if (c->pending_len == 0 || left == 0) {
        resp[0] = 0x69;
        resp[1] = 0x85;
        return 2;
    }
    memcpy(resp, c->pending + c->pending_off, chunk);
    c->pending_off += chunk;
    left -= chunk;
    resp[chunk] = left > 0 ? 0x61 : 0x90;
    resp[chunk + 1] = left > 0 ? (uint8_t)(left > 255 ? 0 : left) : 0x00;
    if (left == 0)
        c->pending_len = 0;
    return chunk + 2;
}

static int select_app(vcard *c, const uint8_t *data, size_t n, uint8_t *out, size_t *out_len)
{
    /* A partial AID (the first bytes) selects too, as the standard allows. */
    uint8_t apt[64];
    size_t k = 0;
    if (n < 5 || n > sizeof piv_aid || memcmp(data, piv_aid, n) != 0)
        return SW_NOT_FOUND;
    c->selected = true;
    /* Application property template: AID (PIX part) and the coexistent tag allocation authority. */
    apt[k++] = 0x61;
    apt[k++] = 0x11;
    apt[k++] = 0x4f, apt[k++] = 0x06;
    memcpy(apt + k, piv_aid + 5, 4), k += 4;
    apt[k++] = 0x01, apt[k++] = 0x00;
    apt[k++] = 0x79, apt[k++] = 0x07, apt[k++] = 0x4f, apt[k++] = 0x05;
    memcpy(apt + k, piv_aid, 5), k += 5;
    memcpy(out, apt, k);
    *out_len = k;
    return SW_OK;
}

size_t vcard_transmit(vcard *c, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap)
{
    uint8_t cla, ins, p1, p2, out[VCARD_MAX_OBJECT + 256];
    const uint8_t *data = NULL;
    size_t lc = 0, out_len = 0;
    int sw;
    if (cap < VCARD_MAX_RESPONSE || n < 4)
        return respond(c, NULL, 0, SW_WRONG_LENGTH, resp);
    cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
    /* Four bytes: no data, no Le. Five: Le only. More: Lc, data, and perhaps Le. */
    if (n > 5) {
        lc = apdu[4];
        if (lc == 0 || n < 5 + lc || n > 6 + lc)
            return respond(c, NULL, 0, SW_WRONG_LENGTH, resp);
        data = apdu + 5;
    }
    if ((cla & ~0x10) != 0x00)
        return respond(c, NULL, 0, SW_BAD_CLA, resp);
    if (ins == 0xc0)
        return get_response(c, resp);
    /* Command chaining: collect the parts, act on the last (CLA without bit 0x10). */
    if ((cla & 0x10) || c->chain_len > 0) {
        if (c->chain_len + lc > sizeof c->chain) {
            c->chain_len = 0;
            return respond(c, NULL, 0, SW_WRONG_LENGTH, resp);
        }
        if (lc > 0) /* a part may carry no data; memcpy from NULL is undefined even for 0 bytes */
            memcpy(c->chain + c->chain_len, data, lc);
        c->chain_len += lc;
        if (cla & 0x10)
            return respond(c, NULL, 0, SW_OK, resp);
        data = c->chain;
        lc = c->chain_len;
        c->chain_len = 0;
    }
    if (ins != 0xa4 && !c->selected && ins != 0xfd && ins != 0xf8)
        return respond(c, NULL, 0, SW_CONDITIONS, resp);
    switch (ins) {
    case 0xa4: sw = p1 == 0x04 ? select_app(c, data, lc, out, &out_len) : SW_WRONG_P1P2; break;
    case 0x20: sw = vcard_verify(c, p1, p2, data, lc); break;
    case 0x24: sw = vcard_change_reference(c, p2, data, lc); break;
    case 0x2c: sw = vcard_reset_retry(c, p2, data, lc); break;
    case 0x87:
        sw = p2 == 0x9b ? vcard_mgmt_auth(c, p1, data, lc, out, &out_len)
                        : vcard_sign(c, p1, p2, data, lc, out, &out_len);
        break;
    case 0x47: sw = p1 == 0x00 ? vcard_generate(c, p2, data, lc, out, &out_len) : SW_WRONG_P1P2; break;
    case 0xcb: sw = (p1 == 0x3f && p2 == 0xff) ? vcard_get_data(c, data, lc, out, &out_len) : SW_WRONG_P1P2; break;
    case 0xdb: sw = (p1 == 0x3f && p2 == 0xff) ? vcard_put_data(c, data, lc) : SW_WRONG_P1P2; break;
    case 0xff: sw = vcard_set_mgmt_key(c, p1, p2, data, lc); break;
    case 0xfd: /* YubiKey GET VERSION: the version of the PIV applet, here 5.4.3 */
        out[0] = 5, out[1] = 4, out[2] = 3, out_len = 3, sw = SW_OK;
        break;
    case 0xf8: /* YubiKey GET SERIAL */
        out[0] = (uint8_t)(c->serial >> 24), out[1] = (uint8_t)(c->serial >> 16);
        out[2] = (uint8_t)(c->serial >> 8), out[3] = (uint8_t)c->serial, out_len = 4, sw = SW_OK;
        break;
    default: sw = SW_BAD_INS; break;
    }
    return respond(c, out, out_len, sw, resp);
}
