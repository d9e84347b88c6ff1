/*
 * ctl_issue.c - `certkioskctl issue prepare|bind|write --job ID`: the steps of
 * a job that happen on the customer's USB Key, for the window and for tests,
 * run by the same code the kiosk's screens call (kiosk/issue):
 *   prepare  a key pair on the key, the PIN, a CSR signed on the key;
 *   bind     for a seal-only job (印章升级, 印章续期): the key's current
 *            signing certificate is recorded as the one its seal binds to;
 *            after either, the job is queued for the upstream when that is
 *            its next step;
 *   write    what was issued (certificate and/or seal) written, read back and
 *            checked; a seal is checked before it is written.
 * Exit 0 done, 1 refused (wrong key, PIN, a seal that fails its check), 3 on a
 * local failure.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "issue_key.h"
#include "keyfile.h"

struct issue_opts {
    const char *job, *pin;
};

enum { OPT_JOB = 1, OPT_PIN };

static const struct option issue_options[] = {
    {"job", required_argument, NULL, OPT_JOB},
    {"pin", required_argument, NULL, OPT_PIN},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct issue_opts *o = state;
    if (id == OPT_JOB)
        o->job = arg;
    else if (id == OPT_PIN)
        o->pin = arg;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct issue_opts *o = state;
    uint8_t master[TOKEN_MASTER_LEN];
    ck_token *t = NULL;
    ck_issue_result res = {0};
    ck_job job;
    ck_diag d = {"", ""};
    ck_err rc;
    bool prepare, write;
    prepare = argc == 1 && strcmp(argv[0], "prepare") == 0;
    write = argc == 1 && strcmp(argv[0], "write") == 0;
    if (o->job == NULL || (!prepare && !write && (argc != 1 || strcmp(argv[0], "bind") != 0)))
        return ctl_usage_error(&ctl_cmd_issue, "需要 prepare|bind|write 和 --job", "prepare|bind|write and --job needed");
    rc = store_job_get(ctx->store, o->job, &job, &d);
    if (rc == CK_OK && (prepare || write))
        rc = keyfile_read_bytes(ctx->cfg.token_master_file, master, &d);
    if (rc == CK_OK)
        rc = ctl_open_token(ctx, &t, &d);
    if (rc == CK_OK && prepare) {
        ck_csr_subject subj = {job.org_name[0] != '\0' ? job.org_name : NULL, job.uscc[0] != '\0' ? job.uscc : NULL,
                               job.person_name};
        rc = issue_prepare_key(ctx->store, t, master, o->job, o->pin != NULL ? o->pin : "12345678", &subj,
                               clock_now(&ctx->clock), &res, &d);
    } else if (rc == CK_OK && write) {
        rc = issue_write_key(ctx->store, t, master, o->job, clock_now(&ctx->clock), &res, &d);
    } else if (rc == CK_OK) {
        rc = issue_bind_key(ctx->store, t, o->job, clock_now(&ctx->clock), &d);
    }
    /* As the kiosk does: once the key's part is done, the job goes to the upstream. */
    if (rc == CK_OK && !write && store_job_get(ctx->store, o->job, &job, &d) == CK_OK &&
        job_next(job.service, job.state) == JOB_QUEUED)
        rc = store_job_transition(ctx->store, o->job, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, clock_now(&ctx->clock), &d);
    OPENSSL_cleanse(master, sizeof master);
    OPENSSL_cleanse(&job, sizeof job);
    token_close(t);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_IO || rc == CK_E_NOMEM || rc == CK_E_STORE || rc == CK_E_CONFIG ||
                                     rc == CK_E_STORE_KEY
                                 ? CTL_EXIT_FAILURE
                                 : CTL_EXIT_NEGATIVE,
                             rc, &d);
    printf("%s%s\n", argv[0], res.already_done ? "：已完成 / already done" : res.rewrote ? "：已重写 / rewritten" : "：完成 / done");
    return CTL_EXIT_OK;
}

const ctl_command ctl_cmd_issue = {
    .name = "issue",
    .summary = "在USB Key上办理：生成密钥、绑定证书、写入 / the job's steps on the USB Key",
    .usage = "prepare --job ID [--pin PIN] | bind --job ID | write --job ID\n"
             "  prepare: key pair, PIN (default 12345678) and CSR on the key; bind: a seal-only job's certificate\n"
             "  from the key; write: the issued certificate and/or seal, checked, written and read back",
    .options = issue_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct issue_opts),
    .needs_store = true,
};
