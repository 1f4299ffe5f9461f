#ifndef GPW_CPU_FEATURES_H
#define GPW_CPU_FEATURES_H
/* Whether this CPU and operating system can run code compiled for x86-64-v3 (Haswell-class:
   AVX, AVX2, FMA, BMI1, BMI2, F16C, LZCNT, MOVBE, with the YMM state enabled by the OS).
   Always 0 off x86-64. */
int gpw_cpu_runs_x86_64_v3(void);
#endif
