package main

import (
	"fmt"
	"strings"

	"github.com/carecast/carecast/data/synth"
	"github.com/spf13/cobra"
)

// synthChanges holds synth's flags for entries that change and exits that
// depend on time in care.
type synthChanges struct {
	durations           string
	surges, falls, step []string
}

// add declares the flags.
func (c *synthChanges) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.durations, "durations", "none", "time in care: none (a child's chance of leaving does not depend on it) or realistic\n(many go home within weeks, few leave after years: see above)")
	f.StringArrayVar(&c.surges, "surge", nil, "more entries for a while, `FROM:TO:FACTOR`, months as YYYY-MM, both included:\n2024-04:2025-03:1.4 is 40% more children coming into care that year (repeatable)")
	f.StringArrayVar(&c.falls, "fall", nil, "fewer entries for a while, `FROM:TO:FACTOR`: 2024-04:2025-03:0.7 is 30% fewer (repeatable)")
	f.StringArrayVar(&c.step, "step", nil, "a lasting change of entries, `FROM:FACTOR`: 2024-04:1.2 is 20% more from April 2024 on (repeatable)")
}

// apply sets the options from the flags, or says which flag is wrong.
func (c *synthChanges) apply(opt *synth.Options) error {
	switch c.durations {
	case "none":
	case "realistic":
		opt.Durations = synth.RealisticDurations()
	default:
		return fmt.Errorf("--durations %s: want none or realistic", c.durations)
	}
	for _, v := range c.surges {
		if err := c.span(opt, "--surge", v, func(f float64) bool { return f > 1 }, "above"); err != nil {
			return err
		}
	}
	for _, v := range c.falls {
		if err := c.span(opt, "--fall", v, func(f float64) bool { return f < 1 }, "below"); err != nil {
			return err
		}
	}
	for _, v := range c.step {
		from, factor, ok := strings.Cut(v, ":")
		e, err := synth.ParseEntrySpan(from + "::" + factor)
		if !ok || strings.Contains(factor, ":") || err != nil {
			return fmt.Errorf("--step %s: want FROM:FACTOR, such as 2024-04:1.2", v)
		}
		opt.Entries = append(opt.Entries, e)
	}
	return nil
}

// span adds the span of flag name given as v, FROM:TO:FACTOR, whose factor
// must be ok (side: above or below 1).
func (c *synthChanges) span(opt *synth.Options, name, v string, ok func(float64) bool, side string) error {
	e, err := synth.ParseEntrySpan(v)
	switch {
	case err != nil:
		return fmt.Errorf("%s %w", name, err)
	case e.To == 0 || !ok(e.Factor):
		return fmt.Errorf("%s %s: want FROM:TO:FACTOR with both months and a factor %s 1", name, v, side)
	}
	opt.Entries = append(opt.Entries, e)
	return nil
}
