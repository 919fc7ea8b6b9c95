package scenarios

import (
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

// readTargets reads the targets, each checked against the projection the
// scenario makes: its months and categories.
func (b *builder) readTargets() {
	if len(b.f.Targets) == 0 {
		return
	}
	shape := model.NewResult(b.p.Start, b.p.Horizon, model.Shape{Categories: b.p.Categories, Bands: b.p.Bands})
	for i, text := range b.f.Targets {
		path := p("targets", item(i))
		t, err := target.Parse(text)
		if err == nil {
			err = t.Check(shape)
		}
		if err != nil {
			b.fail(path, "%v", err)
			continue
		}
		b.targets = append(b.targets, t)
	}
}
