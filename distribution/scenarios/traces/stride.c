/*
 * Writes one byte in every page of a 4 MiB buffer, then reads each back: a program small enough
 * that its whole Lackey trace is a few thousand lines. Built without the C library, so the trace
 * holds the program's accesses only.
 */
#define SIZE (4L << 20)
#define PAGE 4096L

static char buf[SIZE] __attribute__((aligned(PAGE)));

void _start(void) {
  for (long i = 0; i < SIZE; i += PAGE) {
    ((volatile char *)buf)[i] = 1;
  }
  long sum = 0;
  for (long i = 0; i < SIZE; i += PAGE) {
    sum += ((volatile char *)buf)[i];
  }
  __asm__ volatile("syscall" : : "a"(60L), "D"(sum != SIZE / PAGE) : "rcx", "r11", "memory");
  __builtin_unreachable();
}
