-- PostgreSQL dialect of 0021_public_view_online.sql (decision 0036): the citizen's view and the Open311 request learn
-- the online pre-submission (schema 0018, decision 0032). The views are redefined, the trigger on dossier updates
-- watches the new columns too, and every dossier's row is rebuilt. http/dossier_json.cpp's to_public_json stays the
-- reference (tests/http/public_view_test.cpp); 0013_public_view.pg.sql says how the document is built here.
DROP TRIGGER dossier_public_on_insert ON dossier;
DROP TRIGGER dossier_public_on_update ON dossier;
DROP TRIGGER dossier_public_on_event ON dossier_event;
DROP VIEW dossier_public_view;
DROP VIEW dossier_open311_view;

CREATE VIEW dossier_public_view (id, code, lookup_key, status, resolving_agency, document) AS
SELECT d.id, d.code, d.lookup_key, d.status, d.resolving_agency,
       json_strip_nulls(json_build_object(
           'agency', d.agency,
           'channel', d.channel,
           'code', d.code,
           'due_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '') THEN office_time(d.due_at) END,
           'extended_due_at', office_time(d.extended_due_at),
           'original_due_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '')
                                   THEN office_time(d.original_due_at) END,
           'procedure_code', d.procedure_code,
           'procedure_name', coalesce((SELECT p.name FROM procedure_version p
                                       WHERE p.code = d.procedure_code AND p.version = d.procedure_version), ''),
           'procedure_version', d.procedure_version,
           'received_at', CASE WHEN (d.submitted_at IS NULL OR d.received_by <> '')
                               THEN office_time(d.received_at) END,
           'resolving_agency', d.resolving_agency,
           'result_ready_at', office_time(d.result_ready_at),
           'returned_at', office_time(d.returned_at),
           'rule_set', coalesce(json_extract(d.state, '$.rule_set'), ''),
           'service_mode', d.service_mode,
           'status', CASE d.status
                         WHEN 1 THEN 'submitted_online' WHEN 2 THEN 'received' WHEN 3 THEN 'refused'
                         WHEN 4 THEN 'processing' WHEN 5 THEN 'supplement_requested'
                         WHEN 6 THEN 'financial_obligation' WHEN 7 THEN 'withdrawn' WHEN 8 THEN 'stopped'
                         WHEN 9 THEN 'result_ready' WHEN 10 THEN 'returned' END,
           'status_code', d.status,
           'submitted_at', office_time(d.submitted_at),
           'timeline', coalesce((SELECT json_agg(ev ORDER BY seq) FROM (
               SELECT e.seq, json_build_object(
                          'at', office_time(e.at),
                          'due_at', office_time(x.j ->> 'due_after'),
                          'items', x.j -> 'items',
                          'method', x.j ->> 'method',
                          'new_due_at', office_time(x.j ->> 'new_due_at'),
                          'reason', CASE WHEN e.type IN ('request_supplement', 'apologize',
                                                         'request_supplement_at_intake', 'refuse')
                                          AND x.j ->> 'reason' <> ''
                                         THEN x.j ->> 'reason' END,
                          'timeliness', x.j ->> 'timeliness',
                          'type', e.type) AS ev
               FROM dossier_event e CROSS JOIN LATERAL (SELECT e.data::json AS j) AS x
               WHERE e.dossier_id = d.id) AS events), '[]'::json),
           'timeliness', d.timeliness))::text AS document
FROM dossier d;

-- What Open311 answers for the request (GeoReport v2, http/open311_routes.cpp), kept the same way, without
-- agency_responsible. No value of it can be NULL, so json_strip_nulls only makes the text compact.
CREATE VIEW dossier_open311_view (id, document) AS
SELECT d.id,
       json_strip_nulls(json_build_object(
           'expected_datetime', office_time(d.due_at),
           'notes', coalesce((SELECT json_agg(note ORDER BY seq) FROM (
               SELECT e.seq, json_build_object(
                          'datetime', office_time(e.at),
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
               FROM dossier_event e WHERE e.dossier_id = d.id) AS notes), '[]'::json),
           'requested_datetime', office_time(d.received_at),
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
           'updated_datetime', office_time(coalesce((SELECT e.at FROM dossier_event e WHERE e.dossier_id = d.id
                                                     ORDER BY e.seq DESC LIMIT 1), d.received_at))))::text AS document
FROM dossier d;

CREATE TRIGGER dossier_public_on_insert AFTER INSERT ON dossier
FOR EACH ROW EXECUTE FUNCTION dossier_public_on_dossier();

CREATE TRIGGER dossier_public_on_update
AFTER UPDATE OF code, lookup_key, agency, resolving_agency, procedure_code, procedure_version, channel, status,
                received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, timeliness, state,
                received_by, service_mode, submitted_at
ON dossier
FOR EACH ROW EXECUTE FUNCTION dossier_public_on_dossier();

CREATE TRIGGER dossier_public_on_event AFTER INSERT ON dossier_event
FOR EACH ROW EXECUTE FUNCTION dossier_public_on_event();

SELECT dossier_public_refresh(id) FROM dossier;
