-- The citizen's view of each dossier, and its Open311 request, kept ready-made (docs/decisions/0026-public-view-kept-by-the-database.md).
-- The public lookup and Open311 read it with one statement by code instead of decoding the dossier row and every
-- event and building the JSON per request.
--
-- dossier_public_view is the one definition of the stored document: the JSON object that http::to_public_json
-- builds from the dossier and its timeline (same keys, in the same alphabetical order; optional keys left out when
-- empty; instants in office time "YYYY-MM-DDTHH:MM:SS+07:00"; an event's reason only on request_supplement and
-- apologize). The triggers below keep dossier_public equal to it in the same transaction as every write that can
-- change it (a new dossier, a new event, a change of a public column), whoever writes; the INSERT at the end fills
-- it for the dossiers already stored. tests/http/public_view_test.cpp checks it against to_public_json after every
-- kind of event, the sweep, the calendar retime, the demo generator, and after this migration.
--
-- A table of its own rather than a column of dossier: the reports and lists that read dossier rows do not carry
-- the document, and the lookup reads one narrow row through the code index.
CREATE TABLE dossier_public (
    id         INTEGER PRIMARY KEY REFERENCES dossier (id),
    code             TEXT NOT NULL UNIQUE,
    lookup_key       TEXT NOT NULL,
    status           INTEGER NOT NULL,
    resolving_agency TEXT NOT NULL,
    document         TEXT NOT NULL,  -- JSON: the citizen's view, as sent
    open311          TEXT NOT NULL   -- JSON: the Open311 request without agency_responsible (dossier_open311_view)
) STRICT;

CREATE VIEW dossier_public_view (id, code, lookup_key, status, resolving_agency, document) AS
SELECT d.id, d.code, d.lookup_key, d.status, d.resolving_agency,
       json_patch('{}', json_object(
           'agency', d.agency,
           'channel', d.channel,
           'code', d.code,
           'due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.due_at, '+7 hours'),
           'extended_due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.extended_due_at, '+7 hours'),
           'original_due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.original_due_at, '+7 hours'),
           'procedure_code', d.procedure_code,
           'procedure_name', coalesce((SELECT p.name FROM procedure_version p
                                       WHERE p.code = d.procedure_code AND p.version = d.procedure_version), ''),
           'procedure_version', d.procedure_version,
           'received_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.received_at, '+7 hours'),
           'resolving_agency', d.resolving_agency,
           'result_ready_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.result_ready_at, '+7 hours'),
           'returned_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.returned_at, '+7 hours'),
           'rule_set', coalesce(json_extract(d.state, '$.rule_set'), ''),
           'status', CASE d.status
                         WHEN 1 THEN 'submitted_online' WHEN 2 THEN 'received' WHEN 3 THEN 'refused'
                         WHEN 4 THEN 'processing' WHEN 5 THEN 'supplement_requested'
                         WHEN 6 THEN 'financial_obligation' WHEN 7 THEN 'withdrawn' WHEN 8 THEN 'stopped'
                         WHEN 9 THEN 'result_ready' WHEN 10 THEN 'returned' END,
           'status_code', d.status,
           'timeline', json((SELECT json_group_array(json(ev)) FROM (
               SELECT json_patch('{}', json_object(
                          'at', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.at, '+7 hours'),
                          'due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', json_extract(e.data, '$.due_after'),
                                             '+7 hours'),
                          'items', json(json_extract(e.data, '$.items')),
                          'method', json_extract(e.data, '$.method'),
                          'new_due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', json_extract(e.data, '$.new_due_at'),
                                                 '+7 hours'),
                          'reason', CASE WHEN e.type IN ('request_supplement', 'apologize')
                                          AND json_extract(e.data, '$.reason') <> ''
                                         THEN json_extract(e.data, '$.reason') END,
                          'timeliness', json_extract(e.data, '$.timeliness'),
                          'type', e.type)) AS ev
               FROM dossier_event e WHERE e.dossier_id = d.id ORDER BY e.seq))),
           'timeliness', d.timeliness)) AS document
FROM dossier d;

-- What Open311 answers for the request (GeoReport v2, http/open311_routes.cpp), kept the same way, without
-- agency_responsible: the agency's current name is joined when it is read (agencies can be renamed). Closed means
-- finished for good: returned, withdrawn, stopped or refused (peers.md §4); a result ready but not collected is
-- still open.
CREATE VIEW dossier_open311_view (id, document) AS
SELECT d.id,
       json_object(
           'expected_datetime', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.due_at, '+7 hours'),
           'notes', json((SELECT json_group_array(json(note)) FROM (
               SELECT json_object(
                          'datetime', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.at, '+7 hours'),
                          'summary', CASE e.type
                          WHEN 'receive' THEN 'Tiếp nhận hồ sơ'
                          WHEN 'handover' THEN 'Chuyển bước xử lý'
                          WHEN 'consult' THEN 'Lấy ý kiến cơ quan phối hợp'
                          WHEN 'request_supplement' THEN 'Yêu cầu bổ sung hồ sơ'
                          WHEN 'supplement_received' THEN 'Đã nhận hồ sơ bổ sung'
                          WHEN 'supplement_expired' THEN 'Hết hạn bổ sung hồ sơ'
                          WHEN 'pause' THEN 'Tạm dừng chờ nghĩa vụ tài chính'
                          WHEN 'resume' THEN 'Tiếp tục giải quyết'
                          WHEN 'apologize' THEN 'Xin lỗi và hẹn lại ngày trả kết quả'
                          WHEN 'result_ready' THEN 'Đã có kết quả'
                          WHEN 'return_result' THEN 'Đã trả kết quả'
                          WHEN 'withdraw' THEN 'Rút hồ sơ'
                          WHEN 'stop' THEN 'Dừng giải quyết'
                          WHEN 'retime' THEN 'Tính lại hạn theo lịch nghỉ mới' ELSE '' END,
                          'type', e.type) AS note
               FROM dossier_event e WHERE e.dossier_id = d.id ORDER BY e.seq))),
           'requested_datetime', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.received_at, '+7 hours'),
           'service_code', d.procedure_code,
           'service_name', coalesce((SELECT p.name FROM procedure_version p
                                     WHERE p.code = d.procedure_code AND p.version = d.procedure_version), ''),
           'service_request_id', d.code,
           'status', CASE WHEN d.status IN (3, 7, 8, 10) THEN 'closed' ELSE 'open' END,
           'status_notes', CASE d.status
                   WHEN 1 THEN 'Hồ sơ nộp trực tuyến, chờ tiếp nhận'
                   WHEN 2 THEN 'Đã tiếp nhận hồ sơ'
                   WHEN 3 THEN 'Không được tiếp nhận'
                   WHEN 4 THEN 'Đang giải quyết'
                   WHEN 5 THEN 'Cần bổ sung hồ sơ: xem danh sách giấy tờ cần bổ sung'
                   WHEN 6 THEN 'Chờ thực hiện nghĩa vụ tài chính'
                   WHEN 7 THEN 'Công dân đã rút hồ sơ'
                   WHEN 8 THEN 'Dừng giải quyết'
                   WHEN 9 THEN 'Đã có kết quả, mời đến nhận'
                   WHEN 10 THEN 'Đã trả kết quả' END,
           'updated_datetime', strftime('%Y-%m-%dT%H:%M:%S+07:00',
                                        coalesce((SELECT e.at FROM dossier_event e WHERE e.dossier_id = d.id
                                                  ORDER BY e.seq DESC LIMIT 1), d.received_at), '+7 hours')) AS document
FROM dossier d;

CREATE TRIGGER dossier_public_on_insert AFTER INSERT ON dossier
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;

CREATE TRIGGER dossier_public_on_update
AFTER UPDATE OF code, lookup_key, agency, resolving_agency, procedure_code, procedure_version, channel, status,
                received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, timeliness, state
ON dossier
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;

CREATE TRIGGER dossier_public_on_event AFTER INSERT ON dossier_event
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.dossier_id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;

INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id;
