-- What the product writes on a credit statement line (a card top-up, a
-- plan's credits, a lead bought, a credit request accepted) as a message
-- kind and its values (`domain::msg::Msg`, JSON), so the provider reads it
-- in their own language. Staff's own words (why they granted credits)
-- stay in `reason`; rows written before keep their English text there.
ALTER TABLE ledger_transactions ADD COLUMN what JSONB;
