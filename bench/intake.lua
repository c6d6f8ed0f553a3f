-- wrk script: POST /api/v1/intakes as the demo clerk. Arguments after "--": session cookie, CSRF token.
local body = [[{"procedure_code": "1.001193", "channel": "direct", "decision": "receive",
 "applicant": {"name": "Trần Thị Bích Ngọc", "id_number": "038190004321", "phone": "0903123456",
               "address": "12 Lê Lợi, phường Hạc Thành"},
 "components": [{"component_id": "c1", "originals": 1}, {"component_id": "c2", "originals": 1},
                {"component_id": "c3", "originals": 1}]}]]
local headers = {}

function init(args)
  headers["Cookie"] = args[1]
  headers["X-CSRF-Token"] = args[2]
  headers["Content-Type"] = "application/json"
end

function request()
  return wrk.format("POST", "/api/v1/intakes", headers, body)
end
