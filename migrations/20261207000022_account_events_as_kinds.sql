-- What the product writes in an account's history (an application, a
-- reference checked, a certification decided) as a message kind and its
-- values (`domain::msg::Msg`, JSON), so staff read it in their own
-- language. Staff's own words (why an account is suspended) stay in
-- `reason`; rows written before keep their English text there.
ALTER TABLE account_events ADD COLUMN what JSONB;
ALTER TABLE account_events ALTER COLUMN reason DROP NOT NULL;
ALTER TABLE account_events ADD CONSTRAINT account_events_said
    CHECK (reason IS NOT NULL OR what IS NOT NULL);
