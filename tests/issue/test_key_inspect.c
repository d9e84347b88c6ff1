/*
 * test_key_inspect.c - the self-check's one read of a USB Key, on the
 * virtual key in-process: an empty key; a key with a certificate and a good
 * seal; the same seal checked against the wrong maker CA; an expired
 * certificate; the initial PIN and a blocked PIN, each with the guide's advice.
 */
#include "../core/cmocka_all.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../token/test_ca.h"
#include "key_inspect.h"
#include "key_worker.h"
#include "seal.h"
#include "token_admin.h"
#include "token_sim.h"

#define T0 1795536000 /* 2026-11-25 */
static const uint8_t master[TOKEN_MASTER_LEN] = "inspect-test-master-secret-32byt";

struct fx {
    char dir[64], card[128];
    EVP_PKEY *ca, *maker;
    uint8_t ca_der[2048], maker_der[2048];
    int ca_len, maker_len;
    int64_t now;
    ck_clock clock;
};

static X509 *named_cert(EVP_PKEY *signer, EVP_PKEY *subject_key, const char *cn, long days)
{
    X509_NAME *n = X509_NAME_new();
    X509 *x;
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
    X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
    /* Where the reference upstream puts the holder's credit code (key_inspect reads it back). */
    X509_NAME_add_entry_by_txt(n, "serialNumber", MBSTRING_UTF8, (const unsigned char *)"91510100MA61R7XK3Y", -1, -1, 0);
    x = test_ca_issue(signer, NULL, n, subject_key, 9, days);
    X509_NAME_free(n);
    return x;
}

/* A CA certificate as OpenSSL's chain check wants it: basicConstraints CA:TRUE, keyCertSign. */
static X509 *ca_cert(EVP_PKEY *key, const char *cn)
{
    X509 *x = named_cert(key, key, cn, 3650);
    X509V3_CTX ctx;
    const char *ext[][2] = {{"basicConstraints", "critical,CA:TRUE"}, {"keyUsage", "critical,keyCertSign"}};
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    for (size_t i = 0; i < 2; i++) {
        X509_EXTENSION *e = X509V3_EXT_conf(NULL, &ctx, ext[i][0], ext[i][1]);
        X509_add_ext(x, e, -1);
        X509_EXTENSION_free(e);
    }
    X509_sign(x, key, EVP_sha256());
    return x;
}

static int der_of(X509 *x, uint8_t *out)
{
    unsigned char *p = out;
    return i2d_X509(x, &p);
}

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    X509 *ca, *maker;
    snprintf(x->dir, sizeof x->dir, "/tmp/ck-inspect-XXXXXX");
    if (mkdtemp(x->dir) == NULL)
        return -1;
    snprintf(x->card, sizeof x->card, "%s/key.vk", x->dir);
    x->ca = EVP_EC_gen("P-256"), x->maker = EVP_EC_gen("P-256");
    ca = ca_cert(x->ca, "seal maker CA");
    {
        X509_NAME *n = X509_NAME_new();
        X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)"seal maker", -1, -1, 0);
        maker = test_ca_issue(x->ca, X509_get_subject_name(ca), n, x->maker, 3, 3650);
        X509_NAME_free(n);
    }
    x->ca_len = der_of(ca, x->ca_der), x->maker_len = der_of(maker, x->maker_der);
    X509_free(ca), X509_free(maker);
    x->now = time(NULL);
    x->clock = clock_fixed(&x->now, 8 * 3600);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", x->dir);
    (void)system(cmd);
    EVP_PKEY_free(x->ca), EVP_PKEY_free(x->maker);
    free(x);
    return 0;
}

static ck_token *open_key(struct fx *x)
{
    ck_token_transport tr;
    ck_token *t = NULL;
    assert_int_equal(token_sim_open(x->card, 0, &tr, NULL), CK_OK);
    assert_int_equal(token_open(tr, &t, NULL), CK_OK);
    return t;
}

/* Puts a certificate valid `days` (and, with a seal, one bound to it) on the key. */
static void provision(struct fx *x, ck_token *t, long days, bool with_seal)
{
    EVP_PKEY *holder = EVP_EC_gen("P-256");
    X509 *cert = named_cert(x->ca, holder, "四川测试科技有限公司", days);
    uint8_t der[2048], *seal = malloc(SEAL_DER_MAX);
    static const uint8_t picture[] = {0x89, 'P', 'N', 'G', 1, 2, 3};
    size_t seal_len = 0;
    bool rotated;
    int len = der_of(cert, der);
    assert_int_equal(token_admin_login(t, master, &rotated, NULL), CK_OK);
    assert_int_equal(t->ops->write_cert(t, TOKEN_SLOT_SIGN, der, (size_t)len, NULL), CK_OK);
    if (with_seal) {
        assert_int_equal(seal_make(&(seal_fields){.es_id = "T-1", .vendor_id = "t", .type = SEAL_TYPE_ORG,
                                                  .name = "四川测试科技有限公司", .holder_cert = der,
                                                  .holder_cert_len = (size_t)len, .created = x->now,
                                                  .valid_start = x->now - 60, .valid_end = x->now + days * 86400,
                                                  .picture = picture, .picture_len = sizeof picture,
                                                  .picture_width_mm = 42, .picture_height_mm = 42},
                                   x->maker, x->maker_der, (size_t)x->maker_len, seal, SEAL_DER_MAX, &seal_len, NULL),
                         CK_OK);
        assert_int_equal(t->ops->write_seal(t, seal, seal_len, NULL), CK_OK);
    }
    free(seal);
    X509_free(cert);
    EVP_PKEY_free(holder);
}

static bool has_note(const key_report *r, const char *zh)
{
    for (int i = 0; i < r->n_notes; i++)
        if (strstr(r->notes[i].zh, zh) != NULL)
            return true;
    return false;
}

static void test_empty_key(void **state)
{
    struct fx *x = *state;
    ck_token *t = open_key(x);
    key_report r;
    assert_int_equal(key_inspect(t, &x->clock, x->ca_der, (size_t)x->ca_len, &r, NULL), CK_OK);
    assert_false(r.cert_present);
    assert_false(r.seal_present);
    assert_int_equal(r.seal, SEAL_MISSING);
    assert_true(r.pin.default_pin);
    assert_true(has_note(&r, "没有证书"));
    assert_true(has_note(&r, "初始密码12345678"));
    key_report_free(&r);
    token_close(t);
}

static void test_good_key(void **state)
{
    struct fx *x = *state;
    ck_token *t = open_key(x);
    key_report r;
    provision(x, t, 365, true);
    assert_int_equal(key_inspect(t, &x->clock, x->ca_der, (size_t)x->ca_len, &r, NULL), CK_OK);
    if (r.seal != SEAL_VALID)
        fail_msg("seal: %s", r.seal_msg.en);
    assert_true(r.cert_present);
    assert_string_equal(r.org_name, "四川测试科技有限公司");
    assert_true(r.cert_is_org);
    assert_string_equal(r.uscc, "91510100MA61R7XK3Y");
    assert_int_equal(r.seal, SEAL_VALID);
    assert_string_equal(r.seal_name, "四川测试科技有限公司");
    assert_non_null(r.seal_picture);
    assert_int_equal(r.seal_picture_len, 7);
    assert_true(r.renewal.days_left >= 364 && r.renewal.days_left <= 366);
    assert_int_equal(r.renewal.reason, ELIG_TOO_EARLY);
    assert_int_equal(r.seal_upgrade.reason, ELIG_OK);
    assert_false(has_note(&r, "待升级"));
    key_report_free(&r);
    /* The same key, with a maker CA that did not certify this maker: not valid, 请勿使用. */
    {
        EVP_PKEY *other = EVP_EC_gen("P-256");
        X509 *oc = ca_cert(other, "another CA");
        uint8_t der[2048];
        int len = der_of(oc, der);
        assert_int_equal(key_inspect(t, &x->clock, der, (size_t)len, &r, NULL), CK_OK);
        assert_int_equal(r.seal, SEAL_UNTRUSTED_MAKER);
        assert_true(has_note(&r, "请勿使用"));
        key_report_free(&r);
        X509_free(oc);
        EVP_PKEY_free(other);
    }
    token_close(t);
}

static void test_expired_and_blocked(void **state)
{
    struct fx *x = *state;
    ck_token *t = open_key(x);
    key_report r;
    provision(x, t, 10, true);
    x->now += 20 * 86400; /* ten days after both ended */
    for (int i = 0; i < 3; i++)
        t->ops->verify_pin(t, "00000000", NULL);
    assert_int_equal(key_inspect(t, &x->clock, x->ca_der, (size_t)x->ca_len, &r, NULL), CK_OK);
    assert_true(r.renewal.expired);
    assert_int_equal(r.seal, SEAL_EXPIRED);
    assert_true(r.pin.blocked);
    /* Most urgent first: the blocked PIN sends the customer to the window. */
    assert_true(r.n_notes >= 3);
    assert_non_null(strstr(r.notes[0].zh, "证书解锁"));
    assert_true(has_note(&r, "待升级"));
    assert_false(has_note(&r, "初始密码"));
    key_report_free(&r);
    token_close(t);
}

/* What the worker told, as the UI's post handler would receive it. */
struct told {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int present, reports;
    char org[256];
};

static void on_event(void *ctx, key_event *ev)
{
    struct told *t = ctx;
    pthread_mutex_lock(&t->lock);
    if (ev->kind == KEY_EV_PRESENT)
        t->present++;
    if (ev->kind == KEY_EV_REPORT) {
        t->reports++;
        snprintf(t->org, sizeof t->org, "%s", ev->report.org_name);
    }
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    key_event_free(ev);
}

static void wait_reports(struct told *t, int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&t->lock);
    while (t->reports < n && pthread_cond_timedwait(&t->cond, &t->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&t->lock);
}

/* The reader's thread: the (simulated) key is there at start, read on arrival, and again when asked. */
static void test_worker(void **state)
{
    struct fx *x = *state;
    ck_token *t = open_key(x);
    ck_config cfg;
    key_worker *w = NULL;
    struct told told = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, ""};
    provision(x, t, 365, true);
    token_close(t);
    assert_int_equal(config_load(NULL, &cfg, NULL), CK_OK);
    snprintf(cfg.token_driver, sizeof cfg.token_driver, "sim");
    snprintf(cfg.token_sim_card, sizeof cfg.token_sim_card, "%s", x->card);
    assert_int_equal(key_worker_start(&cfg, &x->clock, true, on_event, &told, &w, NULL), CK_OK);
    wait_reports(&told, 1);
    key_worker_inspect(w);
    wait_reports(&told, 2);
    key_worker_stop(w);
    assert_int_equal(told.present, 1);
    assert_int_equal(told.reports, 2);
    assert_string_equal(told.org, "四川测试科技有限公司");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_good_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expired_and_blocked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_worker, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
