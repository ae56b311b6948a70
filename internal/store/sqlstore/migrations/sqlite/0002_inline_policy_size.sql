-- Inline policies keep their size as the service counts it for the
-- per-identity aggregate quota, so that a put sums the sizes of the
-- identity's other policies in SQL, atomically with the write, instead of
-- reading every document back. Existing rows get their length in
-- characters: never less than the service's count (which leaves out
-- whitespace outside strings), so a quota checked against them errs on the
-- safe side until the policy is next put.
ALTER TABLE inline_policies ADD COLUMN doc_size INTEGER NOT NULL DEFAULT 0;
UPDATE inline_policies SET doc_size = length(document);
