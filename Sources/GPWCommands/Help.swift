/// `gpw help`.
enum Help {
    static let text = """
    gpw: see how pair-based metric-learning losses weight every pair of a batch
    (General Pair Weighting, Wang et al., CVPR 2019).

    usage:
      gpw [explore] [--data NAME|PATH] [--batch PxK] [--seed S] [--loss SPEC ...] [--no-color]
          [--ascii] [--theme dark|light|mono] [--no-mouse] [--keys "SCRIPT"] [--export-dir DIR]
          [--export-format F] [--compare-steps N] [--compare-batch PxK]
                                       the interactive explorer (default: letters, 4x4, the paper's
                                       losses); press ? inside it for every key; --keys opens it
                                       after a key script (as gpw snapshot --keys). The mouse: a
                                       click on a cell picks that pair, on a title that loss, on a
                                       tab that view; --no-mouse leaves clicks to the terminal;
                                       --compare-steps/--compare-batch: c's length and batch shape
      gpw explore --from FILE [--keys "SCRIPT"] [--no-color] [--export-dir DIR] [--export-format F]
                                       the explorer opened on an export (the gpw snapshot line at
                                       its top): the exported screen, live
      gpw losses                       every loss, its parameters, defaults and weight formula
      gpw weights --data FILE --loss SPEC [--loss SPEC ...] [--format table|json|csv]
                  [--labels FILE] [--sample PxK --seed S]
                                       per-pair weights dL/dS of one batch
      gpw train --data NAME|PATH --loss SPEC [--steps N] [--batch PxK] [--optimizer adam|sgd]
                [--lr X] [--weight-decay X] [--momentum X] [--hidden W,...|none] [--embedding D]
                [--seed S] [--eval-every K] [--eval-subset N] [--full-eval] [--json] [--timings]
                [--labels FILE] [--train-classes LIST] [--test-classes LIST]
                                       train an MLP embedding; unseen-class MAP@R and R@1/2/4/8
                                       before and after (defaults: 500 steps, batch 8x8, adam)
      gpw compare --data NAME|PATH --loss SPEC --loss SPEC ... [same options as train]
                                       one model per loss, same initial weights, same batches
      gpw snapshot [explorer options] [--size WxH] [--keys "n n tab"] [--format F] [-o FILE]
                                       the explorer's screen after a key script, without a terminal
                                       (F: plain, ascii, markdown, ansi, html, svg; keys as in the
                                       explorer's help, plus tick, resize=WxH and KEY*N); F cast:
                                       an asciinema v2 recording of every frame (0.5 s a key,
                                       0.1 s a tick)
      gpw demo --play DEMO [--no-mouse] [--no-color] [--theme T] [--ascii]
                                       a demo live in the explorer: each block's words beside its
                                       screen; right or space: next block, left: back, q quits
      gpw demo DEMO... [--format markdown|html] [--size WxH] [--ascii] [-o FILE]
                                       a demo as a handout of snapshots (DEMO: a number from
                                       gpw demo --list, or a file); html: one page for print,
                                       screens at most 100 columns wide unless --size
      gpw demo --list                  the demos compiled into gpw, by number and title
      gpw bench [--json] [--quick]     timings (median, 10th-90th percentile) of every loss, a training
                                       step, explorer frames, MAP@R, start-up; --quick: a smoke test
      gpw help                         this text

    In the explorer, e saves the screen to gpw-DATE-TIME.txt (--export-dir DIR, --export-format F)
    with the gpw snapshot line that redraws it; E picks another format; F starts and stops a
    recording of the live session (gpw-DATE-TIME.cast, asciinema v2).

    A loss SPEC is NAME[:key=value,...], e.g. ms:beta=40,lambda=1 or triplet:margin=0.2,triplets=hard.
    --data NAME: letters, leaves, digits (bundled), synthetic[:PRESET][,key=value,...] with PRESET
    demo (default), low-dim, many-classes, plot-friendly, overlapping, no-nuisance and keys classes,
    samples, signal, sigma, nuisance, tau, omega, eta, seed; or a .csv (with a label column) or a
    .npy (with --labels). Splits: letters classes 0-12 -> 13-25, leaves 0-15 -> 16-31, digits rows
    0-999 -> 1000-1796, others the lower half of the classes -> the upper half; LIST is e.g. 0-12 or
    0,2,5-7 (a side left out gets the remaining classes).

    Environment: NO_COLOR (no colour); GPW_KERNELS=auto|portable|avx2-fma (which build of the dense
    kernels runs; auto picks AVX2+FMA when the CPU has it; the builds differ in the last bits).
    """
}
