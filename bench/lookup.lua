-- wrk script: every request is a random line of the file given after "--" (paths with query strings), sent as if
-- through the reverse proxy on behalf of one of 50,000 citizens (X-Forwarded-For), so that the per-address rate
-- limit of the public lookup sees many addresses, as it does in production, and its cost is measured.
local paths = {}
local addresses = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring(paths):match("0x(%x+)") or "0", 16) % 100000)
  for i = 1, 50000 do
    addresses[i] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
  end
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], { ["X-Forwarded-For"] = addresses[math.random(#addresses)] })
end
