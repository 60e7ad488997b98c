/*
 * cli_table.c — column output for terminal tables with Chinese text: pads by display width
 * (East Asian wide characters take two columns), not by bytes as printf's %-Ns does.
 */
#include "cli/cli.h"

int zz_cli_width(const char *s)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        unsigned cp;
        int len;
        if (*p < 0x80)
            cp = *p, len = 1;
        else if ((*p & 0xE0) == 0xC0)
            cp = *p & 0x1F, len = 2;
        else if ((*p & 0xF0) == 0xE0)
            cp = *p & 0x0F, len = 3;
        else
            cp = *p & 0x07, len = 4;
        for (int i = 1; i < len && p[i]; i++)
            cp = (cp << 6) | (p[i] & 0x3F);
        w += (cp >= 0x1100 &&
              (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
               (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
               (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)))
                 ? 2
                 : 1;
        for (int i = 0; i < len && *p; i++)
            p++;
    }
    return w;
}

void zz_cli_cell(const char *s, int width)
{
    fputs(s ? s : "", stdout);
    for (int w = zz_cli_width(s ? s : ""); w < width; w++)
        fputc(' ', stdout);
}
