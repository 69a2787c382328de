import { handleTrpcRequest } from "@/server/api/trpc-http";

export const dynamic = "force-dynamic";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
