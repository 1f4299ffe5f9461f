#ifndef GPW_BUNDLED_DATA_H
#define GPW_BUNDLED_DATA_H
/* The CSV text of a bundled dataset ("letters", "leaves", "digits") and its length in bytes
   (not NUL-terminated), or NULL for an unknown name. The bytes are csv/NAME.csv, embedded. */
const char *gpw_bundled_csv(const char *name, unsigned long *length);
#endif
