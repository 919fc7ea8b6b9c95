package data

import (
	"errors"
	"testing"
	"unicode/utf16"
)

// fuzzHeader is the Header table the fuzzed episodes are read with.
var fuzzHeader = []byte("CHILD,SEX,DOB\n1,1,01/01/2005\n2,2,2010-06-30\nA,1,29/02/2008\n")

// FuzzReadCSV feeds arbitrary bytes as an episodes file: the reader must
// not panic, and the counts and returns must stay consistent.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,01/01/2019,S,C2,N1,U4,PR1,01/02/2019,X1\n1,01/02/2019,P,C2,N1,U5,PR4,,\n"))
	f.Add([]byte("\xef\xbb\xbfDEC,REC,CHILD,DECOM,RNE,LS,PLACE,LA,YEAR\r\n,,2,2019-01-01,S,V2,K2,X,2019\r\n,,,,,,,,\r\n"))
	f.Add([]byte("CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/01/2019,S,C2,U4,\"01/03/2019\nA,02/02/2019,S,C1,U4,01/01/2019,E8\n"))
	for _, s := range silentCSV {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, episodes []byte) {
		srcs := []source{{name: "header.csv", data: fuzzHeader}, {name: "episodes.csv", data: episodes}}
		ret, rep, err := readSources(srcs, ReadOptions{Workers: 2})
		if err != nil && !errors.Is(err, ErrNoEpisodes) {
			t.Fatalf("unexpected error: %v", err)
		}
		checkInvariants(t, ret, rep)
	})
}

// FuzzParseDate: parsing never panics, errors are one of the documented
// kinds, and an accepted date reads back the same in both layouts, with or
// without a midnight time.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/04/2019", "2019-04-01", "29/02/2020", "2019-04-01 00:00:00", "1/1/1900", "31/13/2019", "",
		"30/06/2023 00:00", "30/06/2023 14:30", "30/06/2023 12:00:00 AM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDateEmpty) && !errors.Is(err, ErrDateFormat) && !errors.Is(err, ErrNoSuchDay) && !errors.Is(err, ErrYearRange) &&
				!errors.Is(err, ErrDateTime) {
				t.Fatalf("ParseDate(%q): unexpected error %v", s, err)
			}
			return
		}
		if y := d.Year(); y < MinYear || y > MaxYear {
			t.Fatalf("ParseDate(%q) = %v, outside the accepted years", s, d)
		}
		for _, layout := range []string{"02/01/2006", "2006-01-02", "02/01/2006 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05.000Z"} {
			back, err := ParseDate(d.Format(layout))
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v, but %q reads back as %v, %v", s, d, d.Format(layout), back, err)
			}
		}
	})
}

// FuzzReadXML feeds arbitrary bytes as a DfE XML file.
func FuzzReadXML(f *testing.F) {
	f.Add([]byte("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>1</SEX><DOB>01/01/2010</DOB><UASC>1</UASC><DUC>01/01/2028</DUC></HEADER>" +
		"<EPISODE><DECOM>01/01/2019</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/02/2019</DEC><REC>E8</REC></EPISODE></CHILD></EXPSSDA903>"))
	f.Add([]byte("<?xml version='1.0' encoding='iso-8859-1'?><EXPSSDA903><CHILD><EPISODE><DECOM>x</DECOM></EPISODE></CHILD><CHILD><HEADER>"))
	// a stray & in a value: the elements after it are counted as not read
	f.Add([]byte("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>1</SEX><DOB>01/01/2010</DOB></HEADER>\n" +
		"<EPISODE><DECOM>01/01/2019</DECOM><HOME_POST>B&Q</HOME_POST></EPISODE>\n<EPISODE/><EPISODE\n></EPISODE></CHILD>\n" +
		"<CHILD><HEADER><CHILDID> 2 </CHILDID></HEADER><EPISODE><DECOM>01/01/2019</DECOM></EPISODE></CHILD></EXPSSDA903>"))
	f.Add(utf16LE("\ufeff<?xml version=\"1.0\" encoding=\"UTF-16\"?><EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>1</SEX><DOB>01/01/2010</DOB></HEADER>" +
		"<EPISODE><DECOM>01/01/2019</DECOM><RNE>S</RNE><LS>C2</LS><PL>U4</PL></EPISODE></CHILD></EXPSSDA903>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ret, rep, err := readSources([]source{{name: "returns.xml", data: data}}, ReadOptions{})
		if err != nil && !errors.Is(err, ErrNoEpisodes) {
			t.Fatalf("unexpected error: %v", err)
		}
		checkInvariants(t, ret, rep)
	})
}

// silentCSV are episodes files of the kinds that once lost rows without a
// word (see silent_test.go), as seeds of the CSV fuzz targets.
var silentCSV = []string{
	// a short row mid-file and a truncated last line
	"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,01/01/2019,S,C2,N1\n2,01/01/2019,S,C2,N1,U4,PR1,01/02/2019,E11\nA,01/01/2019,S,C2,N1,U4,PR1,01/02",
	// an unclosed quote swallowing lines, blank ones among them, to the end
	"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST\n1,01/01/2019,S,C2,N1,U4,PR1,,,\"AB1\n2,01/01/2019,S,C2,N1,U4,PR1,,,\n\n,,,\nA,01/01/2019,S,C2,N1,U4,PR1,,,\n",
	// semicolons, as Excel writes in some locales, and a short row
	"CHILD;DECOM;RNE;LS;CIN;PLACE;PLACE_PROVIDER;DEC;REC\r\n1;01/01/2019;S;C2;N1;U4;PR1;01/02/2019;E11\r\n2;01/01/2019;S\r\n",
	// UTF-16 with tabs, as Excel's Unicode text, and an odd last byte
	string(utf16LE("\ufeffCHILD\tDECOM\tRNE\tLS\tPLACE\tDEC\tREC\r\n1\t01/01/2019\tS\tC2\tU4\t\t\r\n")) + "\x00",
	string(utf16BE("\ufeffCHILD,DECOM,RNE,LS,PLACE,DEC,REC\n2,01/01/2019,S,C2,U4,\U0001F600,\n")),
	// no DECOM
	"CHILD,START,RNE,LS,PLACE,DEC,REC\n1,01/01/2019,S,C2,U4,,\n",
	// UTF-16 without its byte-order mark
	"C\x00H\x00I\x00L\x00D\x00,\x00D\x00E\x00C\x00O\x00M\x00\n\x00",
}

// utf16LE and utf16BE encode s as UTF-16.
func utf16LE(s string) []byte { return encodeUTF16(s, false) }
func utf16BE(s string) []byte { return encodeUTF16(s, true) }

func encodeUTF16(s string, big bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}
