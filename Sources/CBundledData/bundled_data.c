/* The bundled datasets, compiled into gpw straight from csv/ with C23 #embed: one copy of the
   data (the CSV files), found however gpw is started, with no resource bundle to lose. */
#include <string.h>
#include "bundled_data.h"

static const char letters[] = {
#embed "csv/letters.csv"
};
static const char leaves[] = {
#embed "csv/leaves.csv"
};
static const char digits[] = {
#embed "csv/digits.csv"
};
static const char digits_frozen[] = {
#embed "csv/digits-frozen.csv"
};

const char *gpw_bundled_csv(const char *name, unsigned long *length) {
    if (strcmp(name, "letters") == 0) { *length = sizeof letters; return letters; }
    if (strcmp(name, "leaves") == 0) { *length = sizeof leaves; return leaves; }
    if (strcmp(name, "digits") == 0) { *length = sizeof digits; return digits; }
    if (strcmp(name, "digits-frozen") == 0) { *length = sizeof digits_frozen; return digits_frozen; }
    *length = 0;
    return NULL;
}
