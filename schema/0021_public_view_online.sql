-- The citizen's view and the Open311 request (schema 0013, decision 0026) learn the online pre-submission (schema
-- 0018, decision 0032): the service mode; the submission instant; no receipt instant or appointment until a clerk
-- receives the dossier; the reasons of a request for supplementation before receipt and of a refusal (form 03 states
-- them to the citizen); the summaries of the three new events. The views and triggers are redefined and every
-- dossier's row rebuilt. http/dossier_json.cpp's to_public_json stays the reference (tests/http/public_view_test.cpp).
DROP TRIGGER dossier_public_on_insert;
DROP TRIGGER dossier_public_on_update;
DROP TRIGGER dossier_public_on_event;
DROP VIEW dossier_public_view;
DROP VIEW dossier_open311_view;

CREATE VIEW dossier_public_view (id, code, lookup_key, status, resolving_agency, document) AS
SELECT d.id, d.code, d.lookup_key, d.status, d.resolving_agency,
       json_patch('{}', json_object(
           'agency', d.agency,
           'channel', d.channel,
           'code', d.code,
           'due_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '') THEN strftime('%Y-%m-%dT%H:%M:%S+07:00', d.due_at, '+7 hours') END,
           'extended_due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.extended_due_at, '+7 hours'),
           'original_due_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '') THEN strftime('%Y-%m-%dT%H:%M:%S+07:00', d.original_due_at, '+7 hours') END,
           'procedure_code', d.procedure_code,
           'procedure_name', coalesce((SELECT p.name FROM procedure_version p
                                       WHERE p.code = d.procedure_code AND p.version = d.procedure_version), ''),
           'procedure_version', d.procedure_version,
           'received_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '') THEN strftime('%Y-%m-%dT%H:%M:%S+07:00', d.received_at, '+7 hours') END,
           'resolving_agency', d.resolving_agency,
           'result_ready_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.result_ready_at, '+7 hours'),
           'returned_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.returned_at, '+7 hours'),
           'rule_set', coalesce(json_extract(d.state, '$.rule_set'), ''),
           'service_mode', d.service_mode,
           'status', CASE d.status
                         WHEN 1 THEN 'submitted_online' WHEN 2 THEN 'received' WHEN 3 THEN 'refused'
                         WHEN 4 THEN 'processing' WHEN 5 THEN 'supplement_requested'
                         WHEN 6 THEN 'financial_obligation' WHEN 7 THEN 'withdrawn' WHEN 8 THEN 'stopped'
                         WHEN 9 THEN 'result_ready' WHEN 10 THEN 'returned' END,
           'status_code', d.status,
           'submitted_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', d.submitted_at, '+7 hours'),
           'timeline', json((SELECT json_group_array(json(ev)) FROM (
               SELECT json_patch('{}', json_object(
                          'at', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.at, '+7 hours'),
                          'due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', json_extract(e.data, '$.due_after'),
                                             '+7 hours'),
                          'items', json(json_extract(e.data, '$.items')),
                          'method', json_extract(e.data, '$.method'),
                          'new_due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', json_extract(e.data, '$.new_due_at'),
                                                 '+7 hours'),
                          'reason', CASE WHEN e.type IN ('request_supplement', 'apologize', 'request_supplement_at_intake', 'refuse')
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
                          WHEN 'retime' THEN 'Tính lại hạn theo lịch nghỉ mới'
                          WHEN 'submit' THEN 'Nộp hồ sơ trực tuyến'
                          WHEN 'request_supplement_at_intake' THEN 'Yêu cầu bổ sung hồ sơ trước khi tiếp nhận'
                          WHEN 'refuse' THEN 'Từ chối tiếp nhận hồ sơ' ELSE '' END,
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
                received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, timeliness, state,
                received_by, service_mode, submitted_at
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
FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id
WHERE true
ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                               resolving_agency = excluded.resolving_agency, document = excluded.document,
                               open311 = excluded.open311;
