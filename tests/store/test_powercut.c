/*
 * test_powercut.c - a power cut at any instant loses nothing acknowledged.
 *
 * Runs store_writer against one database and kills it with SIGKILL after a
 * random delay, ROUNDS times (200 by default). After each kill it opens the
 * store and checks: integrity_check is ok; every job whose ACK line reached
 * the pipe is there, paid, with the receipt number it was given; receipt
 * numbers run 1..N with no gap and no duplicate; the audit chain verifies.
 *   usage: test_powercut STORE_WRITER [ROUNDS]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_fixture.h"

#define MAX_ACKS 200000

struct ack {
    char uuid[STORE_UUID_LEN + 1];
    long long receipt;
};

static struct ack acks[MAX_ACKS];
static int n_acks;

static void read_acks(FILE *from)
{
    char line[128];
    while (fgets(line, sizeof line, from) != NULL) {
        /* A line cut short by the kill has no newline: it was never a whole acknowledgement. */
        if (strchr(line, '\n') == NULL || n_acks == MAX_ACKS)
            continue;
        if (sscanf(line, "ACK %36s %lld", acks[n_acks].uuid, &acks[n_acks].receipt) == 2)
            n_acks++;
    }
}

/*
 * Waits for the writer's READY line (it has opened the store), so a delay
 * lands in its writes however slow the machine (ASan, a loaded CI runner)
 * made its start. false when it ended first.
 */
static bool wait_ready(FILE *from)
{
    char line[128];
    while (fgets(line, sizeof line, from) != NULL)
        if (strcmp(line, "READY\n") == 0)
            return true;
    return false;
}

/*
 * One round: start the writer, kill it delay_us after it is ready (or, for a
 * start-up round, after it was started), collect what it acknowledged.
 */
static int run_round(const char *writer, const fixture *f, long delay_us, bool during_startup, int *exit_status)
{
    int fds[2];
    pid_t pid;
    FILE *from;
    if (pipe(fds) != 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(writer, writer, f->db, f->key, "1000000", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    from = fdopen(fds[0], "r");
    if (during_startup || wait_ready(from))
        usleep((useconds_t)delay_us);
    kill(pid, SIGKILL);
    read_acks(from);
    fclose(from);
    waitpid(pid, exit_status, 0);
    return 0;
}

static int verify(const fixture *f, int round)
{
    ck_store *st = NULL;
    ck_store_stats s;
    ck_diag d = {"", ""};
    ck_job job;
    int bad = 0;
    /* Killed before the very first database was complete: there must be none, and nothing acknowledged. */
    if (access(f->db, F_OK) != 0 && n_acks == 0)
        return 0;
    if (store_open(f->db, f->key, false, &st, &d) != CK_OK || store_stats(st, &s, &d) != CK_OK) {
        fprintf(stderr, "round %d: cannot open after the kill: %s\n", round, d.en);
        store_close(st);
        return 1;
    }
    if (!s.integrity_ok) {
        fprintf(stderr, "round %d: integrity_check: %s\n", round, s.integrity_message);
        bad = 1;
    }
    if (s.receipts > 0 && (s.receipt_first != 1 || s.receipt_last != s.receipts)) {
        fprintf(stderr, "round %d: receipts %lld..%lld but %lld rows: a gap or a duplicate\n", round,
                (long long)s.receipt_first, (long long)s.receipt_last, (long long)s.receipts);
        bad = 1;
    }
    if (s.receipts < n_acks) {
        fprintf(stderr, "round %d: %d acknowledged but %lld receipts\n", round, n_acks, (long long)s.receipts);
        bad = 1;
    }
    for (int i = 0; i < n_acks && !bad; i++) {
        if (store_job_get(st, acks[i].uuid, &job, &d) != CK_OK || job.state != JOB_PAID) {
            fprintf(stderr, "round %d: acknowledged job %s lost or not paid: %s\n", round, acks[i].uuid, d.en);
            bad = 1;
        }
    }
    if (!bad && store_audit_verify(st, NULL, NULL, &d) != CK_OK) {
        fprintf(stderr, "round %d: %s\n", round, d.en);
        bad = 1;
    }
    store_close(st);
    return bad;
}

int main(int argc, char **argv)
{
    fixture f = {0};
    int rounds = argc > 2 ? atoi(argv[2]) : 200, failures = 0, killed = 0;
    unsigned seed = (unsigned)time(NULL);
    if (argc < 2 || rounds <= 0) {
        fprintf(stderr, "usage: test_powercut STORE_WRITER [ROUNDS]\n");
        return 2;
    }
    srand(seed);
    fixture_paths(&f);
    printf("power-cut test: %d rounds, seed %u, database %s\n", rounds, seed, f.db);
    for (int r = 1; r <= rounds && failures == 0; r++) {
        int status = 0;
        /* Mostly mid-work (writes), sometimes during start-up (open, recovery, quick_check). */
        bool startup = r % 5 == 0;
        long delay_us = startup ? rand() % 5000 : rand() % 100000;
        if (run_round(argv[1], &f, delay_us, startup, &status) != 0) {
            perror("round");
            return 1;
        }
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            killed++;
        else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            fprintf(stderr, "round %d: the writer failed by itself (exit %d)\n", r, WEXITSTATUS(status)), failures++;
        failures += verify(&f, r);
    }
    printf("%d rounds, %d killed mid-run, %d jobs acknowledged and found, %d failures\n", rounds, killed, n_acks,
           failures);
    /* A run that never saw a commit acknowledged, or never killed a writer, tested nothing. */
    if (n_acks < rounds || killed < rounds * 9 / 10) {
        fprintf(stderr, "too few acknowledged jobs (%d) or kills (%d) for the test to mean anything\n", n_acks, killed);
        failures++;
    }
    if (failures == 0)
        fixture_remove(&f);
    else
        printf("the database is kept for inspection: %s\n", f.db);
    return failures == 0 ? 0 : 1;
}
