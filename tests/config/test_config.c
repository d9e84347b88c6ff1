/*
 * test_config.c - certkiosk.ini and fees.ini: the shipped files equal the
 * built-in defaults, and every kind of malformed file is refused with
 * file:line and a reason. argv[1] is the source tree's config/ folder.
 */
#include "../core/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fees_file.h"

static const char *source_config_dir;
static char tmpdir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_shipped_files_equal_builtin(void **state)
{
    char path[512];
    ck_config builtin, file;
    ck_fee_schedule fb, ff;
    ck_diag d = {"", ""};
    (void)state;
    assert_int_equal(config_load(NULL, &builtin, &d), CK_OK);
    assert_string_equal(builtin.kiosk_id, "KIOSK-0001");
    assert_string_equal(builtin.ca_hotline, "400-028-1130");
    assert_int_equal(builtin.utc_offset_s, 8 * 3600);
    assert_string_equal(builtin.fees_file, "");
    assert_string_equal(builtin.source, "built-in");
    snprintf(path, sizeof path, "%s/certkiosk.ini", source_config_dir);
    assert_int_equal(config_load(path, &file, &d), CK_OK);
    assert_string_equal(file.kiosk_id, builtin.kiosk_id);
    assert_string_equal(file.ca_name, builtin.ca_name);
    assert_int_equal(file.utc_offset_s, builtin.utc_offset_s);

    assert_int_equal(fees_file_load_builtin(&fb, &d), CK_OK);
    snprintf(path, sizeof path, "%s/fees.ini", source_config_dir);
    assert_int_equal(fees_file_load(path, &ff, &d), CK_OK);
    assert_memory_equal(&fb, &ff, sizeof fb);
    /* The seed's table. */
    assert_int_equal(fb.holder[HOLDER_UNIT].account_fen, 10000);
    assert_int_equal(fb.holder[HOLDER_UNIT].annual_fen, 20000);
    assert_int_equal(fb.holder[HOLDER_UNIT].seal_per_year_fen, 10000);
    assert_int_equal(fb.holder[HOLDER_EXPERT].account_fen, 5000);
    assert_int_equal(fb.holder[HOLDER_EXPERT].annual_fen, 5000);
    assert_int_equal(fb.holder[HOLDER_EXPERT].seal_per_year_fen, 5000);
    assert_int_equal(fb.replacement_fen, 5000);
    assert_int_equal(fb.max_seals, 5);
}

static const char good_fees[] = "[unit]\n"
                                "account_fee_yuan = 100\n"
                                "annual_fee_yuan = 200\n"
                                "seal_fee_per_year_yuan = 100\n"
                                "[expert]\n"
                                "account_fee_yuan = 50\n"
                                "annual_fee_yuan = 50\n"
                                "seal_fee_per_year_yuan = 50.5\n"
                                "[replacement]\n"
                                "fee_per_key_yuan = 50\n"
                                "[limits]\n"
                                "max_seals = 3\n";

/* good_fees with line `line` (1-based) replaced by `text`. */
static const char *fees_with_line(int line, const char *text)
{
    static char buf[1024];
    const char *p = good_fees;
    size_t n = 0;
    for (int l = 1; *p != '\0'; l++) {
        const char *eol = strchr(p, '\n');
        size_t len = (size_t)(eol - p) + 1;
        if (l == line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", text);
        else
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%.*s", (int)len, p);
        p = eol + 1;
    }
    return write_file("fees.ini", buf);
}

static void expect_fee_error(const char *path, ck_err want, const char *needle_en)
{
    ck_fee_schedule fs;
    ck_diag d = {"", ""};
    assert_int_equal(fees_file_load(path, &fs, &d), want);
    if (strstr(d.en, needle_en) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", needle_en, d.en);
    assert_true(d.zh[0] != '\0');
}

static void test_fee_file_errors(void **state)
{
    char want[300];
    ck_fee_schedule fs;
    (void)state;
    assert_int_equal(fees_file_load(write_file("fees.ini", good_fees), &fs, NULL), CK_OK);
    assert_int_equal(fs.holder[HOLDER_EXPERT].seal_per_year_fen, 5050);
    assert_int_equal(fs.max_seals, 3);

    snprintf(want, sizeof want, "%s/fees.ini:3: 'annual_fee_yuan' must be an amount", tmpdir);
    expect_fee_error(fees_with_line(3, "annual_fee_yuan = abc"), CK_E_FEES, want);
    expect_fee_error(fees_with_line(3, "annual_fee_yuan = -200"), CK_E_FEES, "fees.ini:3:");
    expect_fee_error(fees_with_line(3, "annual_fee_yuan = 200.001"), CK_E_FEES, "fees.ini:3:");
    expect_fee_error(fees_with_line(3, "annual_fee_yuan = 1e3"), CK_E_FEES, "fees.ini:3:");
    expect_fee_error(fees_with_line(3, "annual_fee_yuan ="), CK_E_FEES, "fees.ini:3:");
    expect_fee_error(fees_with_line(3, "; annual fee forgotten"), CK_E_FEES,
                     "missing required key [unit] annual_fee_yuan");
    expect_fee_error(fees_with_line(4, "account_fee_yuan = 100"), CK_E_FEES,
                     "fees.ini:4: [unit] account_fee_yuan is given twice");
    expect_fee_error(fees_with_line(4, "discount_yuan = 10"), CK_E_FEES,
                     "fees.ini:4: unknown key [unit] discount_yuan");
    expect_fee_error(fees_with_line(9, "[refunds]"), CK_E_FEES, "fees.ini:10: unknown key [refunds] fee_per_key_yuan");
    expect_fee_error(fees_with_line(4, "this line has no equals sign"), CK_E_FEES, "fees.ini:4: cannot parse");
    expect_fee_error(fees_with_line(12, "max_seals = 0"), CK_E_FEES, "fees.ini:12:");
    expect_fee_error(fees_with_line(12, "max_seals = 2x"), CK_E_FEES, "fees.ini:12:");
    snprintf(want, sizeof want, "%s/absent.ini", tmpdir);
    expect_fee_error(want, CK_E_IO, "cannot read");
}

static void test_config_errors(void **state)
{
    ck_config cfg;
    ck_diag d = {"", ""};
    const char *path;
    (void)state;
    path = write_file("k.ini", "[kiosk]\nid = K-7\n\n[kiosk]\ncolour = blue\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_E_CONFIG);
    assert_non_null(strstr(d.en, "k.ini:5: unknown key [kiosk] colour"));

    path = write_file("k.ini", "[kiosk]\ntimezone = Mars/Olympus\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_E_CONFIG);
    assert_non_null(strstr(d.en, "k.ini:2: 'timezone' is not a supported time zone"));

    path = write_file("k.ini", "[kiosk]\nid = 0123456789012345678901234567890123456789\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_E_CONFIG);
    assert_non_null(strstr(d.en, "k.ini:2: the length of 'id'"));

    path = write_file("k.ini", "[kiosk]\nid =\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_E_CONFIG);

    path = write_file("k.ini", "[kiosk]\nid = K-7\n  window = 3\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_E_CONFIG);
    assert_non_null(strstr(d.en, "indented"));

    assert_int_equal(config_load("/nonexistent/certkiosk.ini", &cfg, &d), CK_E_IO);
    assert_non_null(strstr(d.en, "/nonexistent/certkiosk.ini"));
}

static void test_config_overrides_and_relative_fees(void **state)
{
    ck_config cfg;
    ck_fee_schedule fs;
    ck_diag d = {"", ""};
    char want[256];
    const char *path;
    (void)state;
    write_file("myfees.ini", good_fees);
    path = write_file("k.ini", "[kiosk]\nid = K-7\ntimezone = UTC\n[fees]\nfile = myfees.ini\n");
    assert_int_equal(config_load(path, &cfg, &d), CK_OK);
    assert_string_equal(cfg.kiosk_id, "K-7");
    assert_string_equal(cfg.window_id, "1"); /* built-in default kept */
    assert_int_equal(cfg.utc_offset_s, 0);
    snprintf(want, sizeof want, "%s/myfees.ini", tmpdir);
    assert_string_equal(cfg.fees_file, want);
    assert_int_equal(config_load_fees(&cfg, &fs, &d), CK_OK);
    assert_int_equal(fs.max_seals, 3);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ck-test-config-XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_files_equal_builtin),
        cmocka_unit_test(test_fee_file_errors),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_config_overrides_and_relative_fees),
    };
    if (argc != 2) {
        fprintf(stderr, "usage: test_config SOURCE/config\n");
        return 2;
    }
    source_config_dir = argv[1];
    return cmocka_run_group_tests(tests, setup, teardown);
}
