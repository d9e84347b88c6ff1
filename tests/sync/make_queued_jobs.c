/*
 * make_queued_jobs.c - puts N jobs in the store as the kiosk's screens
 * would leave them, printing their UUIDs.
 *   usage: make_queued_jobs DB KEYFILE N [USCC] [--service CODE] [--stop STATE] [--key-dir DIR]
 * Revocation jobs (the default) go draft -> queued. A paid service is quoted
 * from the built-in fee table (1 year, 1 seal) and stops at awaiting_payment
 * with --stop awaiting_payment; otherwise a window payment (cash) is booked.
 * A service that issues a certificate gets a P-256 key pair and a CSR for
 * the organisation, made here with OpenSSL in place of the USB Key (the key
 * is written to DIR/UUID.pem with --key-dir), so the reference upstream can
 * sign it and the kiosk can check the certificate against the key.
 */
#include <getopt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fees_file.h"
#include "store.h"

#define ORG_NAME "四川测试科技有限公司"

/* A key pair and CSR for the job, recorded as the issue layer records those made on the USB Key. */
static int prepare_key(ck_store *st, const char *uuid, const char *key_dir, int64_t now, ck_diag *d)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509_REQ *req = X509_REQ_new();
    X509_NAME *name = X509_NAME_new();
    unsigned char *spki = NULL;
    BIO *mem = BIO_new(BIO_s_mem());
    char *pem = NULL, path[512];
    long pem_len;
    int spki_len, rc = 1;
    if (key == NULL || req == NULL || name == NULL || mem == NULL ||
        !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)ORG_NAME, -1, -1, 0) ||
        !X509_REQ_set_subject_name(req, name) || !X509_REQ_set_pubkey(req, key) ||
        !X509_REQ_sign(req, key, EVP_sha256()) || !PEM_write_bio_X509_REQ(mem, req) ||
        (pem_len = BIO_get_mem_data(mem, &pem)) <= 0 || (spki_len = i2d_PUBKEY(key, &spki)) <= 0)
        goto cleanup;
    pem[pem_len - 1] = '\0'; /* the PEM ends in a newline: it becomes the terminator */
    if (key_dir != NULL) {
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.pem", key_dir, uuid);
        if ((f = fopen(path, "w")) == NULL || !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)) {
            if (f != NULL)
                fclose(f);
            goto cleanup;
        }
        fclose(f);
    }
    if (store_job_record_key(st, uuid, "12345678", spki, (size_t)spki_len, now, d) == CK_OK &&
        store_job_record_csr(st, uuid, pem, now, d) == CK_OK)
        rc = 0;
cleanup:
    OPENSSL_free(spki);
    BIO_free(mem);
    X509_NAME_free(name);
    X509_REQ_free(req);
    EVP_PKEY_free(key);
    return rc;
}

static int make_one(ck_store *st, const ck_job_new *in, ck_job_state stop, const char *key_dir, ck_diag *d)
{
    char uuid[STORE_UUID_LEN + 1];
    int64_t now = time(NULL), receipt;
    ck_job_state s;
    if (store_job_create(st, in, now, uuid, d) != CK_OK)
        return 1;
    for (s = stop == JOB_DRAFT ? JOB__COUNT : job_next(in->service, JOB_DRAFT); s != JOB__COUNT;
         s = job_next(in->service, s)) {
        ck_err rc;
        if (s == JOB_PAID)
            rc = store_payment_record(st, uuid, PAY_CASH, in->quote->total_fen, NULL, "clerk-test", now, &receipt, d);
        else if (s == JOB_KEY_PREPARED)
            rc = prepare_key(st, uuid, key_dir, now, d) == 0 ? CK_OK : CK_E_IO;
        else
            rc = store_job_transition(st, uuid, s, ORIGIN_KIOSK, NULL, NULL, now, d);
        if (rc != CK_OK)
            return 1;
        if (s == stop)
            break;
    }
    printf("%s\n", uuid);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"service", required_argument, NULL, 's'},
        {"stop", required_argument, NULL, 't'},
        {"key-dir", required_argument, NULL, 'k'},
        {0},
    };
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    ck_fee_schedule fees;
    ck_quote q;
    ck_job_new in = {.service = SVC_REVOKE,
                     .holder = HOLDER_UNIT,
                     .role = ROLE_SUPPLIER,
                     .org_name = ORG_NAME,
                     .person_name = "张三丰",
                     .id_number = "510104199001011230",
                     .mobile = "13912345678"};
    ck_job_state stop = JOB_QUEUED;
    const char *key_dir = NULL;
    int o, n;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's' && services_parse(optarg, &in.service) == CK_OK)
            continue;
        if (o == 't' && job_state_parse(optarg, &stop) == CK_OK)
            continue;
        if (o == 'k') {
            key_dir = optarg;
            continue;
        }
        fprintf(stderr, "make_queued_jobs: bad option\n");
        return 2;
    }
    n = argc - optind >= 3 ? atoi(argv[optind + 2]) : 0;
    in.uscc = argc - optind >= 4 ? argv[optind + 3] : "91510100MA61R7XK3Y";
    if (n <= 0 || fees_file_load_builtin(&fees, &d) != CK_OK ||
        fees_quote(&fees, in.service, in.holder, 1, services_has(in.service, SVC_F_SEALS) ? 1 : 0, &q, &d) != CK_OK ||
        store_open(argv[optind], argv[optind + 1], true, &st, &d) != CK_OK) {
        fprintf(stderr, "usage: make_queued_jobs DB KEYFILE N [USCC] [--service S] [--stop STATE] (%s)\n", d.en);
        return 2;
    }
    in.quote = &q;
    for (int i = 0; i < n; i++)
        if (make_one(st, &in, stop, key_dir, &d) != 0) {
            fprintf(stderr, "make_queued_jobs: %s\n", d.en);
            store_close(st);
            return 1;
        }
    store_close(st);
    return 0;
}
