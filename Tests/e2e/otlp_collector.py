"""A stand-in OpenTelemetry collector for the end-to-end tests: speaks OTLP/HTTP (POST
/v1/traces with an ExportTraceServiceRequest, binary protobuf or JSON, answered with an empty
ExportTraceServiceResponse, per the OTLP specification) and appends every span it receives,
flattened, as one JSON line to OUT. Trace and span ids are written as lower-case hex.

  otlp_collector.py PORT OUT
"""
import json
import struct
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# --- protobuf wire format: just what ExportTraceServiceRequest needs -----------------------------
def fields(data):
    """Yields (field number, wire type, value) of one protobuf message."""
    index = 0
    while index < len(data):
        key, index = varint(data, index)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, index = varint(data, index)
        elif wire == 1:
            value, index = data[index:index + 8], index + 8
        elif wire == 2:
            length, index = varint(data, index)
            value, index = data[index:index + length], index + length
        elif wire == 5:
            value, index = data[index:index + 4], index + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield number, wire, value


def varint(data, index):
    result = shift = 0
    while True:
        byte = data[index]
        index += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, index


def any_value(data):
    for number, _, value in fields(data):
        if number == 1:
            return value.decode()
        if number == 2:
            return bool(value)
        if number == 3:
            return value
        if number == 4:
            return struct.unpack("<d", value)[0]
    return None


def key_values(items):
    result = {}
    for item in items:
        key, value = "", None
        for number, _, part in fields(item):
            if number == 1:
                key = part.decode()
            elif number == 2:
                value = any_value(part)
        result[key] = value
    return result


def spans_from_protobuf(body):
    """ExportTraceServiceRequest → [(service name, span dict)]."""
    found = []
    for number, _, resource_spans in fields(body):
        if number != 1:
            continue
        service, scopes = None, []
        for part_number, _, part in fields(resource_spans):
            if part_number == 1:  # Resource
                service = key_values([v for n, _, v in fields(part) if n == 1]).get("service.name")
            elif part_number == 2:  # ScopeSpans
                scopes.append(part)
        for scope in scopes:
            for scope_number, _, span in fields(scope):
                if scope_number != 2:
                    continue
                record = {"traceId": "", "spanId": "", "parentSpanId": "", "name": None, "attributes": []}
                for span_number, _, value in fields(span):
                    if span_number == 1:
                        record["traceId"] = value.hex()
                    elif span_number == 2:
                        record["spanId"] = value.hex()
                    elif span_number == 4:
                        record["parentSpanId"] = value.hex()
                    elif span_number == 5:
                        record["name"] = value.decode()
                    elif span_number == 9:
                        record["attributes"].append(value)
                record["attributes"] = key_values(record["attributes"])
                found.append((service, record))
    return found


def attributes(items):
    result = {}
    for item in items or []:
        value = item.get("value", {})
        for kind in ("stringValue", "boolValue", "intValue", "doubleValue"):
            if kind in value:
                result[item["key"]] = value[kind]
    return result


class Collector(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        content_type = self.headers.get("Content-Type") or ""
        if self.path != "/v1/traces":
            self.send_response(404)
            self.end_headers()
            return
        if "protobuf" in content_type:
            found, answer = spans_from_protobuf(body), b""
        elif "json" in content_type:
            found, answer = [], b"{}"
            for resource_spans in json.loads(body).get("resourceSpans", []):
                service = attributes(resource_spans.get("resource", {}).get("attributes")).get("service.name")
                for scope in resource_spans.get("scopeSpans", []):
                    for span in scope.get("spans", []):
                        found.append((service, {
                            "name": span.get("name"), "traceId": span.get("traceId", "").lower(),
                            "spanId": span.get("spanId", "").lower(), "parentSpanId": span.get("parentSpanId", "").lower(),
                            "attributes": attributes(span.get("attributes")),
                        }))
        else:
            self.send_response(415)
            self.end_headers()
            return
        with open(self.server.out, "a", encoding="utf-8") as sink:
            for service, span in found:
                sink.write(json.dumps({"service": service, **span}) + "\n")
        self.send_response(200)
        self.send_header("Content-Type", content_type.split(";")[0])
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Collector)
    server.out = sys.argv[2]
    open(server.out, "a").close()
    server.serve_forever()


if __name__ == "__main__":
    main()
