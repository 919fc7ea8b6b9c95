package data

// episodeSet is the episode records of all the chunks of a read, numbered
// across them in chunk order, left where the chunks decoded them: copying
// them into one slice would hold every record twice at the busiest moment
// of a read. resolveEpisodes gathers the ones kept, in order, into one.
type episodeSet struct {
	chunks [][]episodeRec
	offs   []int32 // offs[c] numbers the first record of chunks[c]; offs[len(chunks)] is the count
}

// add appends a chunk's records, numbered from off (the count so far).
func (s *episodeSet) add(off int32, recs []episodeRec) {
	if len(recs) == 0 {
		return
	}
	if len(s.offs) > 0 {
		s.offs = s.offs[:len(s.offs)-1] // the count, replaced below
	}
	s.chunks = append(s.chunks, recs)
	s.offs = append(s.offs, off, off+int32(len(recs)))
}

// len is the number of records.
func (s *episodeSet) len() int {
	if len(s.offs) == 0 {
		return 0
	}
	return int(s.offs[len(s.offs)-1])
}

// at returns record i.
func (s *episodeSet) at(i int32) *episodeRec {
	lo, hi := 0, len(s.chunks)-1 // the chunk holding i is the last whose offset is ≤ i
	for lo < hi {
		mid := int(uint(lo+hi+1) >> 1)
		if s.offs[mid] <= i {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return &s.chunks[lo][i-s.offs[lo]]
}

// each calls f for every record, in order.
func (s *episodeSet) each(f func(i int32, e *episodeRec)) {
	for c, recs := range s.chunks {
		for j := range recs {
			f(s.offs[c]+int32(j), &recs[j])
		}
	}
}

// gather returns records keep (each at most once), in that order, and
// empties the set. It walks the set chunk by chunk and lets each go once
// copied, so that a garbage collection meanwhile finds the records held
// twice only in part.
func (s *episodeSet) gather(keep []int32) []episodeRec {
	pos := make([]int32, s.len()) // where each record goes, or -1
	for i := range pos {
		pos[i] = -1
	}
	for j, i := range keep {
		pos[i] = int32(j)
	}
	out := make([]episodeRec, len(keep))
	for c, recs := range s.chunks {
		for k, p := range pos[s.offs[c] : int(s.offs[c])+len(recs)] {
			if p >= 0 {
				out[p] = recs[k]
			}
		}
		s.chunks[c] = nil
	}
	*s = episodeSet{}
	return out
}
