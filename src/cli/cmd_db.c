/* cmd_db.c — placeholder until the store lands; replaced by the store work. */
#include "cli/cli.h"

int cmd_db(zz_cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    return zz_cli_usage("'db' is not available in this build yet");
}
