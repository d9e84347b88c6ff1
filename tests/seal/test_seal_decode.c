/*
 * test_seal_decode.c - seals the kiosk must refuse, each for its own reason:
 * cut short, with bytes after, header "EX", version 3, a name over its cap,
 * BER where DER is required, fields seal_make will not write. Bad values are
 * put in by decoding a good seal with the library's internal templates
 * (seal_asn1.h), changing one field and re-encoding, so only that field is
 * wrong. Also: a seal from another maker with extDatas still verifies.
 */
#include "../core/cmocka_all.h"

#include <openssl/objects.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "seal_alg.h"
#include "seal_asn1.h"
#include "seal_fixture.h"

#define NOW  INT64_C(1767225600) /* 2026-01-01 00:00:00 UTC */
#define YEAR INT64_C(31536000)

static fixture_party maker, holder;
static uint8_t good[SEAL_DER_MAX];
static size_t good_len;
static seal_t scratch;
static const uint8_t picture[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

static seal_fields fields(void)
{
    seal_fields f = {.es_id = "51010020260002",
                     .vendor_id = "certkiosk",
                     .type = SEAL_TYPE_PERSONAL,
                     .name = "张三",
                     .holder_cert = holder.der,
                     .holder_cert_len = holder.der_len,
                     .created = NOW,
                     .valid_start = NOW,
                     .valid_end = NOW + YEAR,
                     .picture = picture,
                     .picture_len = sizeof picture,
                     .picture_width_mm = 20,
                     .picture_height_mm = 10};
    return f;
}

static int setup(void **state)
{
    (void)state;
    seal_fields f;
    if (!fixture_party_new(&maker, "EC", "Test Seal Maker", NULL, NOW - YEAR, NOW + 5 * YEAR, false) ||
        !fixture_party_new(&holder, "EC", "张三", NULL, NOW - YEAR, NOW + 2 * YEAR, false))
        return -1;
    f = fields();
    return seal_make(&f, maker.key, maker.der, maker.der_len, good, sizeof good, &good_len, NULL) == CK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_party_free(&holder);
    fixture_party_free(&maker);
    return 0;
}

/* Decodes in expecting CK_E_SEAL with `why` in the English reason and a Chinese one. */
static void refused(const uint8_t *in, size_t len, const char *why)
{
    ck_diag d = {"", ""};
    assert_int_equal(seal_decode(in, len, &scratch, &d), CK_E_SEAL);
    if (strstr(d.en, why) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", why, d.en);
    assert_non_null(strstr(d.zh, "电子印章无法识别"));
}

/* The good seal with change() applied to its ASN.1, re-encoded (signature left as it was) into out. */
static size_t changed(void (*change)(SEAL_SESeal *), uint8_t *out)
{
    const unsigned char *p = good;
    SEAL_SESeal *s = d2i_SEAL_SESeal(NULL, &p, (long)good_len);
    unsigned char *enc = NULL;
    int n;
    assert_non_null(s);
    change(s);
    n = i2d_SEAL_SESeal(s, &enc);
    assert_true(n > 0 && n <= 2 * SEAL_DER_MAX);
    memcpy(out, enc, (size_t)n);
    OPENSSL_free(enc);
    SEAL_SESeal_free(s);
    return (size_t)n;
}

static void header_ex(SEAL_SESeal *s) { ASN1_STRING_set(s->eSealInfo->header->id, "EX", 2); }
static void version_3(SEAL_SESeal *s) { ASN1_INTEGER_set(s->eSealInfo->header->version, 3); }
static void long_name(SEAL_SESeal *s)
{
    char name[SEAL_NAME_MAX + 2];
    memset(name, 'a', sizeof name - 1);
    ASN1_STRING_set(s->eSealInfo->property->name, name, (int)(sizeof name - 1));
}
static void empty_name(SEAL_SESeal *s) { ASN1_STRING_set(s->eSealInfo->property->name, "", 0); }
static void bad_utf8(SEAL_SESeal *s) { ASN1_STRING_set(s->eSealInfo->property->name, "\xe5\xbc", 2); }
static void empty_picture(SEAL_SESeal *s) { ASN1_STRING_set(s->eSealInfo->picture->data, "", 0); }
static void fraction_time(SEAL_SESeal *s)
{
    ASN1_TIME_set_string(s->eSealInfo->property->validEnd, "20270101000000.5Z");
}
static void bad_day(SEAL_SESeal *s) { ASN1_STRING_set(s->eSealInfo->property->createDate, "20260231000000Z", 15); }
static void zero_width(SEAL_SESeal *s) { ASN1_INTEGER_set(s->eSealInfo->picture->width, 0); }
static void type_three(SEAL_SESeal *s) { ASN1_INTEGER_set(s->eSealInfo->property->type, 3); }
static void sha1_digest(SEAL_SESeal *s)
{
    SEAL_CertDigestObj *o = sk_SEAL_CertDigestObj_value(s->eSealInfo->property->certList.digests, 0);
    ASN1_STRING_set(o->type, "SHA1", 4);
}
static void rsa_oid(SEAL_SESeal *s)
{
    ASN1_OBJECT_free(s->signAlgID);
    s->signAlgID = OBJ_nid2obj(NID_sha256WithRSAEncryption);
}

static void test_cut_and_padded(void **state)
{
    (void)state;
    uint8_t buf[SEAL_DER_MAX + 1];
    /* Every length short of the whole: none is a seal. */
    for (size_t n = 1; n < good_len; n++)
        refused(good, n, "truncated");
    memcpy(buf, good, good_len);
    buf[good_len] = 0x00;
    refused(buf, good_len + 1, "1 bytes after the SESeal");
    refused(good, 0, "0 bytes");
    memset(buf, 0x30, sizeof buf);
    refused(buf, sizeof buf, "at most 8192");
}

static void test_bad_values(void **state)
{
    (void)state;
    static const struct {
        void (*change)(SEAL_SESeal *);
        const char *why;
    } cases[] = {
        {header_ex, "header ID is not \"ES\""},
        {version_3, "version is not 4"},
        {long_name, "name is empty, over 255"},
        {empty_name, "name is empty"},
        {bad_utf8, "not valid UTF-8"},
        {empty_picture, "picture is empty"},
        {fraction_time, "not a GeneralizedTime"},
        {bad_day, "not a GeneralizedTime"},
        {zero_width, "picture width"},
        {type_three, "seal type"},
        {sha1_digest, "not a SHA-256 digest"},
    };
    uint8_t buf[2 * SEAL_DER_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        refused(buf, changed(cases[i].change, buf), cases[i].why);
}

/* An algorithm the kiosk cannot check decodes (so it can be shown) but never verifies. */
static void test_unknown_algorithm(void **state)
{
    (void)state;
    uint8_t buf[2 * SEAL_DER_MAX];
    size_t n = changed(rsa_oid, buf);
    seal_verdict v;
    ck_diag d = {"", ""};
    assert_int_equal(seal_decode(buf, n, &scratch, &d), CK_OK);
    assert_string_equal(scratch.sig_alg_oid, "1.2.840.113549.1.1.11");
    assert_int_equal(scratch.sig_alg, SEAL_ALG_UNKNOWN);
    assert_int_equal(seal_verify(&scratch, holder.der, holder.der_len, NOW, &v, &d), CK_OK);
    assert_int_equal(v, SEAL_BAD_SIGNATURE);
    assert_non_null(strstr(d.en, "algorithm"));
}

/* The outer length written in three bytes instead of two: valid BER, not DER. */
static void test_not_der(void **state)
{
    (void)state;
    uint8_t buf[SEAL_DER_MAX + 1];
    assert_int_equal(good[0], 0x30);
    assert_int_equal(good[1], 0x82);
    buf[0] = 0x30;
    buf[1] = 0x83;
    buf[2] = 0x00;
    memcpy(buf + 3, good + 2, good_len - 2);
    ck_diag d = {"", ""};
    assert_int_equal(seal_decode(buf, good_len + 1, &scratch, &d), CK_E_SEAL);
    if (strstr(d.en, "canonical DER") == NULL)
        fail_msg("refused for another reason: %s", d.en);
}

/* Another maker's seal carrying extDatas: kept whole, so the signature still checks. */
static void test_ext_datas_kept(void **state)
{
    (void)state;
    const unsigned char *p = good;
    SEAL_SESeal *s = d2i_SEAL_SESeal(NULL, &p, (long)good_len);
    SEAL_ExtData *e = SEAL_ExtData_new();
    unsigned char *tbs = NULL, *enc = NULL;
    uint8_t sig[SEAL_SIG_MAX];
    size_t sig_len = sizeof sig;
    int tbs_len, n;
    seal_verdict v;
    ck_diag d = {"", ""};
    assert_non_null(s);
    assert_non_null(e);
    ASN1_OBJECT_free(e->extnID);
    e->extnID = OBJ_txt2obj("1.2.156.10197.6.1.4.2.1", 1);
    assert_int_equal(ASN1_OCTET_STRING_set(e->extnValue, (const unsigned char *)"x", 1), 1);
    assert_non_null(s->eSealInfo->extDatas = sk_SEAL_ExtData_new_null());
    assert_true(sk_SEAL_ExtData_push(s->eSealInfo->extDatas, e) > 0);
    assert_true((tbs_len = seal_asn1_tbs(s, &tbs)) > 0);
    assert_true(seal_alg_sign(maker.key, SEAL_ALG_ECDSA_SHA256, tbs, (size_t)tbs_len, sig, &sig_len));
    assert_int_equal(ASN1_BIT_STRING_set(s->signedValue, sig, (int)sig_len), 1);
    assert_true((n = i2d_SEAL_SESeal(s, &enc)) > 0);
    assert_int_equal(seal_decode(enc, (size_t)n, &scratch, &d), CK_OK);
    assert_true(scratch.ext_len > 0);
    assert_int_equal(seal_verify(&scratch, holder.der, holder.der_len, NOW, &v, &d), CK_OK);
    assert_int_equal(v, SEAL_VALID);
    /* The same extension marked critical: not understood, so not accepted. */
    OPENSSL_free(enc);
    enc = NULL;
    e->critical = 0xff;
    assert_true((n = i2d_SEAL_SESeal(s, &enc)) > 0);
    refused(enc, (size_t)n, "critical and not understood");
    OPENSSL_free(enc);
    OPENSSL_free(tbs);
    SEAL_SESeal_free(s);
}

static void test_make_refusals(void **state)
{
    (void)state;
    uint8_t der[SEAL_DER_MAX];
    size_t len = 0;
    char name[SEAL_NAME_MAX + 2];
    seal_fields f = fields();
    ck_diag d = {"", ""};
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    f.name = name;
    assert_int_equal(seal_make(&f, maker.key, maker.der, maker.der_len, der, sizeof der, &len, &d), CK_E_INVALID_INPUT);
    assert_non_null(strstr(d.en, "256 bytes"));
    f = fields();
    f.name = "\xe5\xbc";
    assert_int_equal(seal_make(&f, maker.key, maker.der, maker.der_len, der, sizeof der, &len, &d), CK_E_INVALID_INPUT);
    f = fields();
    f.valid_end = f.valid_start - 1;
    assert_int_equal(seal_make(&f, maker.key, maker.der, maker.der_len, der, sizeof der, &len, &d), CK_E_INVALID_INPUT);
    f = fields();
    /* The holder's certificate is not the maker key's. */
    assert_int_equal(seal_make(&f, maker.key, holder.der, holder.der_len, der, sizeof der, &len, &d), CK_E_SEAL);
    assert_non_null(strstr(d.en, "not maker_key's"));
    assert_int_equal(seal_make(&f, maker.key, maker.der, maker.der_len, der, 100, &len, &d), CK_E_SEAL);
    assert_int_equal(seal_make(NULL, maker.key, maker.der, maker.der_len, der, sizeof der, &len, &d), CK_E_ARG);
}

static void test_verdict_texts(void **state)
{
    (void)state;
    assert_string_equal(seal_verdict_zh(SEAL_MISSING), "签章能力检测显示待升级：请办理印章升级（免费）或印章续期");
    assert_string_equal(seal_verdict_name(SEAL_OTHER_CERT), "other_cert");
    assert_non_null(strstr(seal_verdict_en(SEAL_BAD_SIGNATURE), "400-028-1130"));
    assert_non_null(strstr(seal_verdict_zh((seal_verdict)99), "请勿使用"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_and_padded),    cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_unknown_algorithm), cmocka_unit_test(test_not_der),
        cmocka_unit_test(test_ext_datas_kept),    cmocka_unit_test(test_make_refusals),
        cmocka_unit_test(test_verdict_texts),
    };
    return cmocka_run_group_tests_name("seal_decode", tests, setup, teardown);
}
