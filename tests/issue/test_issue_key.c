/*
 * test_issue_key.c - issuance on the customer's key, with the real store and
 * the virtual key in-process: the whole path; the key pulled at every APDU of
 * each step in turn, then resumed (and never a second key pair for the job);
 * a half-written certificate found on the key and rewritten; another key
 * inserted on resume refused; a seal bound to another certificate refused
 * before anything is written.
 */
#include "../core/cmocka_all.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../store/store_fixture.h"
#include "../token/test_ca.h"
#include "issue_key.h"
#include "seal.h"
#include "token_sim.h"

static const uint8_t master[TOKEN_MASTER_LEN] = "issue-test-master-secret-32byte";
static const ck_csr_subject subj = {.org_name = "四川测试科技有限公司", .uscc = "91510100MA61R7XK3Y"};

struct fx {
    fixture f;
    char card[160], card2[160], uuid[STORE_UUID_LEN + 1];
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    int64_t receipt;
    fixture_paths(&x->f);
    snprintf(x->card, sizeof x->card, "%s/key.vk", x->f.dir);
    snprintf(x->card2, sizeof x->card2, "%s/other.vk", x->f.dir);
    if (store_open(x->f.db, x->f.key, true, &x->f.st, NULL) != CK_OK ||
        fixture_new_job(x->f.st, SVC_NEW, T0, x->uuid) != CK_OK ||
        store_job_transition(x->f.st, x->uuid, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, NULL) != CK_OK ||
        store_payment_record(x->f.st, x->uuid, PAY_CASH, 40000, NULL, "clerk-1", T0, &receipt, NULL) != CK_OK)
        return -1;
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    fixture_remove(&x->f);
    free(x);
    return 0;
}

static ck_token *key(const char *path, unsigned remove_after)
{
    ck_token_transport tr;
    ck_token *t = NULL;
    assert_int_equal(token_sim_open(path, remove_after, &tr, NULL), CK_OK);
    assert_int_equal(token_open(tr, &t, NULL), CK_OK);
    return t;
}

/* Plays the upstream: queued, submitted, approved, and a certificate for the job's CSR. */
/* A seal for cert_der as the upstream would make it (maker key and certificate made here). */
static size_t make_seal(const uint8_t *cert_der, size_t cert_len, uint8_t *out, size_t cap)
{
    EVP_PKEY *maker = EVP_EC_gen("P-256");
    X509_NAME *name = X509_NAME_new();
    X509 *maker_cert;
    uint8_t *maker_der = NULL;
    size_t len = 0;
    int maker_len;
    static const uint8_t picture[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    assert_non_null(maker);
    assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)"seal maker", -1, -1, 0),
                     1);
    maker_cert = test_ca_issue(maker, NULL, name, maker, 5, 3650);
    assert_non_null(maker_cert);
    maker_len = i2d_X509(maker_cert, &maker_der);
    assert_int_equal(seal_make(&(seal_fields){.es_id = "TEST-1",
                                              .vendor_id = "test",
                                              .type = SEAL_TYPE_ORG,
                                              .name = "四川测试科技有限公司",
                                              .holder_cert = cert_der,
                                              .holder_cert_len = cert_len,
                                              .created = T0 - 86400,
                                              .valid_start = T0 - 86400,
                                              .valid_end = T0 + 365 * 86400,
                                              .picture = picture,
                                              .picture_len = sizeof picture,
                                              .picture_width_mm = 42,
                                              .picture_height_mm = 42},
                               maker, maker_der, (size_t)maker_len, out, cap, &len, NULL),
                     CK_OK);
    OPENSSL_free(maker_der);
    X509_free(maker_cert);
    X509_NAME_free(name);
    EVP_PKEY_free(maker);
    return len;
}

/*
 * What the upstream does: signs the job's CSR and makes the seal, bound to
 * the new certificate, or with bind_elsewhere to another certificate (a
 * mistake the kiosk must catch before it writes anything).
 */
static void upstream_issues_seal(struct fx *x, bool bind_elsewhere)
{
    ck_job_key *k = calloc(1, sizeof *k);
    BIO *bio;
    X509_REQ *req;
    X509 *cert;
    EVP_PKEY *ca = EVP_EC_gen("P-256");
    uint8_t *der = NULL, *seal = malloc(STORE_SEAL_MAX);
    size_t seal_len;
    int len;
    assert_int_equal(store_job_key_get(x->f.st, x->uuid, k, NULL), CK_OK);
    bio = BIO_new_mem_buf(k->csr, -1);
    req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
    assert_non_null(req);
    assert_int_equal(X509_REQ_verify(req, X509_REQ_get0_pubkey(req)), 1);
    cert = test_ca_issue(ca, NULL, X509_REQ_get_subject_name(req), X509_REQ_get0_pubkey(req), 77, 365);
    assert_non_null(cert);
    len = i2d_X509(cert, &der);
    seal_len = bind_elsewhere ? make_seal(der, (size_t)len - 1, seal, STORE_SEAL_MAX)
                              : make_seal(der, (size_t)len, seal, STORE_SEAL_MAX);
    assert_int_equal(store_job_transition(x->f.st, x->uuid, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, T0, NULL), CK_OK);
    assert_int_equal(store_job_transition(x->f.st, x->uuid, JOB_SUBMITTED, ORIGIN_UPSTREAM, NULL, NULL, T0, NULL),
                     CK_OK);
    assert_int_equal(store_job_transition(x->f.st, x->uuid, JOB_APPROVED, ORIGIN_UPSTREAM, NULL, NULL, T0, NULL),
                     CK_OK);
    assert_int_equal(store_job_record_cert(x->f.st, x->uuid, der, (size_t)len, seal, seal_len, "4D", T0,
                                           T0 + 86400 * 365, T0, NULL),
                     CK_OK);
    free(seal);
    OPENSSL_free(der);
    X509_free(cert);
    X509_REQ_free(req);
    BIO_free(bio);
    EVP_PKEY_free(ca);
    free(k);
}

static void upstream_issues(struct fx *x) { upstream_issues_seal(x, false); }

static ck_job_state state_of(struct fx *x)
{
    ck_job job;
    assert_int_equal(store_job_get(x->f.st, x->uuid, &job, NULL), CK_OK);
    return job.state;
}

typedef ck_err (*step_fn)(struct fx *x, ck_token *t, ck_diag *d);

static ck_err step_login(struct fx *x, ck_token *t, ck_diag *d)
{
    bool rotated;
    (void)x;
    return token_admin_login(t, master, &rotated, d);
}

static ck_err step_prepare(struct fx *x, ck_token *t, ck_diag *d)
{
    ck_issue_result r;
    return issue_prepare_key(x->f.st, t, master, x->uuid, "12345678", &subj, T0, &r, d);
}

static ck_err step_write(struct fx *x, ck_token *t, ck_diag *d)
{
    ck_issue_result r;
    return issue_write_key(x->f.st, t, master, x->uuid, T0, &r, d);
}

/*
 * Runs step with the key pulled at APDU 2, 3, ... (APDU 1 is token_open's
 * probe) until it succeeds. Every failure must be "removed"; after_pull (may
 * be NULL) checks what the store holds after each. Returns the pulls.
 */
static int pull_until_done(struct fx *x, step_fn step, void (*after_pull)(struct fx *x, void *ctx), void *ctx)
{
    int pulls = 0;
    for (unsigned n = 2;; n++) {
        ck_diag d = {"", ""};
        ck_token *t = key(x->card, n);
        ck_err rc = step(x, t, &d);
        token_close(t);
        assert_true(n < 60);
        if (rc == CK_OK)
            return pulls;
        if (rc != CK_E_TOKEN_REMOVED)
            fail_msg("pulled at APDU %u: %s (%s)", n, ck_err_name(rc), d.en);
        pulls++;
        if (after_pull != NULL)
            after_pull(x, ctx);
    }
}

static void test_whole_path(void **state)
{
    struct fx *x = *state;
    ck_token *t = key(x->card, 0);
    ck_issue_result r;
    ck_diag d = {"", ""};
    uint8_t back[4096];
    size_t len;
    ck_job_key *k = calloc(1, sizeof *k);
    assert_int_equal(issue_prepare_key(x->f.st, t, master, x->uuid, "12345678", &subj, T0, &r, &d), CK_OK);
    assert_false(r.resumed);
    assert_int_equal(state_of(x), JOB_KEY_PREPARED);
    assert_int_equal(issue_prepare_key(x->f.st, t, master, x->uuid, "12345678", &subj, T0, &r, &d), CK_OK);
    assert_true(r.already_done);
    upstream_issues(x);
    assert_int_equal(issue_write_key(x->f.st, t, master, x->uuid, T0, &r, &d), CK_OK);
    assert_false(r.rewrote);
    assert_int_equal(state_of(x), JOB_WRITTEN);
    assert_int_equal(store_job_key_get(x->f.st, x->uuid, k, NULL), CK_OK);
    assert_int_equal(t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, sizeof back, &len, &d), CK_OK);
    assert_int_equal(len, k->cert_len);
    assert_memory_equal(back, k->cert, len);
    {
        uint8_t *seal = malloc(TOKEN_MAX_OBJECT);
        size_t seal_len;
        assert_int_equal(t->ops->read_seal(t, seal, TOKEN_MAX_OBJECT, &seal_len, &d), CK_OK);
        assert_int_equal(seal_len, k->seal_len);
        assert_memory_equal(seal, k->seal, seal_len);
        free(seal);
    }
    assert_int_equal(issue_write_key(x->f.st, t, master, x->uuid, T0, &r, &d), CK_OK);
    assert_true(r.already_done);
    assert_int_equal(store_audit_verify(x->f.st, NULL, NULL, &d), CK_OK);
    token_close(t);
    free(k);
}

static void test_login_pulled_at_every_apdu(void **state)
{
    struct fx *x = *state;
    ck_diag d = {"", ""};
    ck_token *t;
    /* The first contact rotates the factory secrets: pulled anywhere in it, the next try finishes it. */
    int pulls = pull_until_done(x, step_login, NULL, NULL);
    /* Once the management key is ours, later tries skip the factory path: fewer APDUs to pull at. */
    assert_true(pulls >= 5);
    /* Whatever was cut short, the key ended on its own secrets: the derived PUK unblocks it. */
    t = key(x->card, 0);
    for (int i = 0; i < 3; i++)
        t->ops->verify_pin(t, "00000000", NULL);
    assert_int_equal(token_admin_unblock(t, master, "24681357", &d), CK_OK);
    assert_int_equal(t->ops->verify_pin(t, "24681357", &d), CK_OK);
    token_close(t);
}

struct first_key {
    uint8_t der[600];
    size_t len;
};

/* After each pull: still paid, and once a key pair is recorded for the job, it is the one for good. */
static void key_pair_is_stable(struct fx *x, void *ctx)
{
    struct first_key *fk = ctx;
    ck_job_key *k = calloc(1, sizeof *k);
    assert_int_equal(state_of(x), JOB_PAID);
    assert_int_equal(store_job_key_get(x->f.st, x->uuid, k, NULL), CK_OK);
    if (fk->len == 0 && k->public_key_len > 0) {
        fk->len = k->public_key_len;
        memcpy(fk->der, k->public_key, fk->len);
    } else if (fk->len > 0) {
        assert_int_equal(k->public_key_len, fk->len);
        assert_memory_equal(k->public_key, fk->der, fk->len);
    }
    free(k);
}

static void test_prepare_pulled_at_every_apdu(void **state)
{
    struct fx *x = *state;
    struct first_key fk = {.len = 0};
    ck_job_key *k = calloc(1, sizeof *k);
    ck_diag d = {"", ""};
    bool rotated;
    ck_token *pre = key(x->card, 0);
    /* Rotated beforehand, so every attempt below walks the same APDUs up to the key generation. */
    assert_int_equal(token_admin_login(pre, master, &rotated, &d), CK_OK);
    token_close(pre);
    assert_true(pull_until_done(x, step_prepare, key_pair_is_stable, &fk) >= 8);
    assert_true(fk.len > 0);
    assert_int_equal(state_of(x), JOB_KEY_PREPARED);
    assert_int_equal(store_job_key_get(x->f.st, x->uuid, k, NULL), CK_OK);
    assert_memory_equal(k->public_key, fk.der, fk.len);
    assert_non_null(strstr(k->csr, "BEGIN CERTIFICATE REQUEST"));
    free(k);
}

static void test_write_pulled_at_every_apdu(void **state)
{
    struct fx *x = *state;
    ck_token *t = key(x->card, 0);
    ck_diag d = {"", ""};
    assert_int_equal(step_prepare(x, t, &d), CK_OK);
    token_close(t);
    upstream_issues(x);
    assert_true(pull_until_done(x, step_write, NULL, NULL) >= 6);
    assert_int_equal(state_of(x), JOB_WRITTEN);
}

/* A seal bound to some other certificate is refused before anything is written; the job stays issued. */
static void test_seal_bound_elsewhere_refused(void **state)
{
    struct fx *x = *state;
    ck_token *t = key(x->card, 0);
    ck_issue_result r;
    ck_diag d = {"", ""};
    uint8_t *back = malloc(TOKEN_MAX_OBJECT);
    size_t len;
    assert_int_equal(issue_prepare_key(x->f.st, t, master, x->uuid, "12345678", &subj, T0, &r, &d), CK_OK);
    upstream_issues_seal(x, true);
    assert_int_equal(issue_write_key(x->f.st, t, master, x->uuid, T0, &r, &d), CK_E_SEAL);
    assert_non_null(strstr(d.zh, "印章升级"));
    assert_int_equal(state_of(x), JOB_ISSUED);
    assert_int_equal(t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, TOKEN_MAX_OBJECT, &len, &d), CK_E_NOT_FOUND);
    assert_int_equal(t->ops->read_seal(t, back, TOKEN_MAX_OBJECT, &len, &d), CK_E_NOT_FOUND);
    free(back);
    token_close(t);
}

static void test_half_written_and_other_key(void **state)
{
    struct fx *x = *state;
    ck_token *t = key(x->card, 0), *other;
    ck_issue_result r;
    ck_diag d = {"", ""};
    bool rotated;
    assert_int_equal(issue_prepare_key(x->f.st, t, master, x->uuid, "12345678", &subj, T0, &r, &d), CK_OK);
    upstream_issues(x);
    /* Another customer's key inserted by mistake. */
    other = key(x->card2, 0);
    assert_int_equal(issue_write_key(x->f.st, other, master, x->uuid, T0, &r, &d), CK_E_TOKEN_OTHER_KEY);
    assert_non_null(strstr(d.zh, "请插入原来的USB Key"));
    token_close(other);
    /* Half a certificate on the key (a write cut short on a key that stores as it goes). */
    assert_int_equal(token_admin_login(t, master, &rotated, &d), CK_OK);
    assert_int_equal(t->ops->write_cert(t, TOKEN_SLOT_SIGN, (const uint8_t *)"\x30\x82\x01\x00\x30", 5, &d), CK_OK);
    assert_int_equal(issue_write_key(x->f.st, t, master, x->uuid, T0, &r, &d), CK_OK);
    assert_true(r.rewrote);
    assert_int_equal(state_of(x), JOB_WRITTEN);
    token_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_whole_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_pulled_at_every_apdu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_pulled_at_every_apdu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_pulled_at_every_apdu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_half_written_and_other_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seal_bound_elsewhere_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
