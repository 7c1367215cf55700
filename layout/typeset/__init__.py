"""The typesetting stage: an article's text becomes composed lines for its column measure.

`normalise` cleans the copy's punctuation, listing every change; `atoms` cuts the text into
the units lines break between, measured with HarfBuzz (`metrics`); `breaking` chooses the
lines of a whole paragraph at once by the CLREQ rules; `compose` justifies them per
character; `words` finds where a headline may break. `article` runs them over an article's
headline, byline, paragraphs and crossheads with the paper's `setter`, giving the rows of
the baseline grid that the page engine pours into columns.
"""
