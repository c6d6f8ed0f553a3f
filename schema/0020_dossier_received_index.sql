-- The Decision 766 counts (dossiers received in a period per agency, procedure and channel) read this index alone
-- instead of every dossier row.
CREATE INDEX dossier_received ON dossier (received_at, agency, procedure_code, channel, status);
