#include <string.h>
#include "bundled_data.h"

const char *gpw_bundled_csv(const char *name, unsigned long *length) {
    if (strcmp(name, "letters") == 0) { *length = gpw_letters_csv_length; return gpw_letters_csv; }
    if (strcmp(name, "leaves") == 0) { *length = gpw_leaves_csv_length; return gpw_leaves_csv; }
    if (strcmp(name, "digits") == 0) { *length = gpw_digits_csv_length; return gpw_digits_csv; }
    *length = 0;
    return NULL;
}
