// The floor of any two-process hand-off on this machine, with no GymBridge code in it: two processes pass a
// counter back and forth through one shared word, the way the caller and a worker pass a step through the lane.
// Each mode is one way of waiting for the other side (futex sleep, sched_yield, pause), on any cores or both sides
// on CPU 0, each timed idle and with a busy process beside it. Run it through scripts/bench-handoff.sh.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum mode { FUTEX, YIELD, SPIN, MODES };
static const char *names[MODES] = {"futex", "yield", "spin"};

static void futex_wait(volatile uint32_t *word, uint32_t seen) { syscall(SYS_futex, word, FUTEX_WAIT, seen, 0, 0, 0); }
static void futex_wake(volatile uint32_t *word) { syscall(SYS_futex, word, FUTEX_WAKE, 1, 0, 0, 0); }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void pin_to(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

// Waits until *word == target; `seen` is the value it holds until then.
static void await_value(volatile uint32_t *word, uint32_t target, uint32_t seen, enum mode mode)
{
    while (__atomic_load_n(word, __ATOMIC_ACQUIRE) != target)
    {
        if (mode == FUTEX) futex_wait(word, seen);
        else if (mode == YIELD) sched_yield();
        else __builtin_ia32_pause();
    }
}

static void publish(volatile uint32_t *word, uint32_t value, enum mode mode)
{
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
    if (mode == FUTEX) futex_wake(word);
}

// Microseconds per round trip (request and reply) over `trips` trips.
static double round_trip_us(enum mode mode, int pinned, int trips)
{
    volatile uint32_t *word = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *word = 0;
    cpu_set_t before;
    sched_getaffinity(0, sizeof before, &before);
    pid_t answerer = fork();
    if (pinned) pin_to(0);
    if (answerer == 0)
    {
        for (uint32_t i = 0; i < (uint32_t)trips; i++)
        {
            await_value(word, 2 * i + 1, 2 * i, mode);
            publish(word, 2 * i + 2, mode);
        }
        _exit(0);
    }
    double start = now();
    for (uint32_t i = 0; i < (uint32_t)trips; i++)
    {
        publish(word, 2 * i + 1, mode);
        await_value(word, 2 * i + 2, 2 * i + 1, mode);
    }
    double elapsed = now() - start;
    waitpid(answerer, 0, 0);
    sched_setaffinity(0, sizeof before, &before);
    munmap((void *)word, 4096);
    return elapsed / trips * 1e6;
}

static pid_t start_busy_process(void)
{
    pid_t busy = fork();
    if (busy == 0)
        for (volatile uint64_t spin = 0;; spin++) { }
    return busy;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 3;
    int trips = argc > 2 ? atoi(argv[2]) : 100000;
    if (rounds < 1 || rounds > 50 || trips < 1) { fprintf(stderr, "usage: handoff [rounds 1-50] [trips]\n"); return 2; }
    double results[MODES][2][2][50]; // mode, pinned, loaded, round
    for (int r = 0; r < rounds; r++)
        for (int loaded = 0; loaded < 2; loaded++)
        {
            pid_t busy = loaded ? start_busy_process() : 0;
            if (loaded) usleep(200000);
            for (int m = 0; m < MODES; m++)
                for (int pinned = 0; pinned < 2; pinned++)
                    // On one core a spin that never yields waits out the other side's time slice (milliseconds).
                    results[m][pinned][loaded][r] = round_trip_us(m, pinned, m == SPIN && pinned ? trips / 100 + 1 : trips);
            if (loaded) { kill(busy, SIGKILL); waitpid(busy, 0, 0); }
            fprintf(stderr, "round %d/%d %s done\n", r + 1, rounds, loaded ? "loaded" : "idle");
        }
    printf("{\"rounds\": %d, \"trips\": %d, \"round_trip_us_min_median_max\": {", rounds, trips);
    for (int m = 0; m < MODES; m++)
        for (int pinned = 0; pinned < 2; pinned++)
            for (int loaded = 0; loaded < 2; loaded++)
            {
                qsort(results[m][pinned][loaded], rounds, sizeof(double), by_value);
                double *sorted = results[m][pinned][loaded];
                printf("%s\"%s%s%s\": [%.2f, %.2f, %.2f]", m + pinned + loaded ? ", " : "", loaded ? "loaded_" : "",
                       names[m], pinned ? "_one_core" : "", sorted[0], sorted[rounds / 2], sorted[rounds - 1]);
            }
    printf("}}\n");
    return 0;
}
