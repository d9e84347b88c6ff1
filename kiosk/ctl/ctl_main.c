/*
 * ctl_main.c - certkioskctl, the maintenance command line installed beside
 * the kiosk. One table of subcommands; each lives in its own ctl_*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "sync_http.h"

#ifndef CK_VERSION
#define CK_VERSION "0.0.0"
#endif

static const ctl_command *const commands[] = {
    &ctl_cmd_services, &ctl_cmd_quote, &ctl_cmd_eligible, &ctl_cmd_check,  &ctl_cmd_jobs,    &ctl_cmd_store,
    &ctl_cmd_audit,    &ctl_cmd_token, &ctl_cmd_sync,     &ctl_cmd_pay,    &ctl_cmd_receipt, &ctl_cmd_seal,
    &ctl_cmd_issue,    &ctl_cmd_clerk, &ctl_cmd_report,   &ctl_cmd_doctor,
};

static void print_overview(FILE *to)
{
    fprintf(to, "usage: certkioskctl [--version] [--help] COMMAND [OPTIONS]\n\n"
                "certkiosk maintenance command line / 证书自助终端维护工具\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(to, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(to, "\n'certkioskctl COMMAND --help' describes each command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stderr);
        return CTL_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("certkioskctl %s\n", CK_VERSION);
        return CTL_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_overview(stdout);
        return CTL_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i]->name) == 0) {
            int code = ctl_dispatch(commands[i], argc - 1, argv + 1);
            sync_http_thread_done(); /* the connection a sync or pay command kept open */
            return code;
        }
    fprintf(stderr, "certkioskctl: 没有这个命令 / no such command: %s\n\n", argv[1]);
    print_overview(stderr);
    return CTL_EXIT_USAGE;
}
