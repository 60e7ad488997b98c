/* cmd_audit.c — placeholder until the store lands; replaced by the store work. */
#include "cli/cli.h"

int cmd_audit(zz_cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    return zz_cli_usage("'audit' is not available in this build yet");
}
