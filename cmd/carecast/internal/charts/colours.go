package charts

import "image/color"

// categoryColour is the colour of a placement category. The shipped
// categories have fixed colours in families: fostering in blues,
// children's homes and secure in reds from light to dark, the rest in
// distinct hues. It reports false for other names.
func categoryColour(name string) (color.Color, bool) {
	switch name {
	case "foster_inhouse":
		return rgb(0x08519c), true
	case "foster_ifa":
		return rgb(0x4292c6), true
	case "kinship":
		return rgb(0x9ecae1), true
	case "home_inhouse":
		return rgb(0xfcae91), true
	case "home_external":
		return rgb(0xe34a33), true
	case "secure":
		return rgb(0x7f0000), true
	case "supported":
		return rgb(0x807dba), true
	case "with_parents":
		return rgb(0xf2c12e), true
	case "adoption_placed":
		return rgb(0x41ab5d), true
	case "other_residential":
		return rgb(0x8c6239), true
	case "other":
		return rgb(0xa8a8a8), true
	}
	return nil, false
}

// reasonColour is the colour of an exit reason, from the Okabe–Ito
// palette (distinguishable with colour-blindness); leaving at 18 is orange.
// It reports false for other names.
func reasonColour(name string) (color.Color, bool) {
	switch name {
	case "reunification":
		return rgb(0x009e73), true
	case "adoption":
		return rgb(0x56b4e9), true
	case "special_guardianship":
		return rgb(0x0072b2), true
	case "child_arrangements":
		return rgb(0xcc79a7), true
	case "other":
		return rgb(0xb3b3b3), true
	case "age_out":
		return rgb(0xe69f00), true
	}
	return nil, false
}

// colours gives each name its own colour, and those without one the
// colours of a spare palette in turn.
func colours(names []string, own func(string) (color.Color, bool)) []color.Color {
	spare := [...]uint32{0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d, 0x666666, 0x17becf, 0xbcbd22}
	out := make([]color.Color, len(names))
	unknown := 0
	for k, n := range names {
		if c, ok := own(n); ok {
			out[k] = c
			continue
		}
		out[k] = rgb(spare[unknown%len(spare)])
		unknown++
	}
	return out
}
